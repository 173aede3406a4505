"""A VNNI-independent reference for quantized ONNX models, and the goldens of test/models/onnx-*.test.ts.

It evaluates an int8 ONNX graph with exact integer arithmetic in numpy, as the ONNX and onnxruntime contrib specs
define each operator (int8 products summed exactly, then requantized in float64 with round-half-to-even): that is
what a CPU with VNNI computes, and what no x86 CPU without it computes through onnxruntime's int8 kernels
(u8 x s8 products saturate in int16). It runs no onnxruntime and none of laionet's code.

Writes (small files, committed):
  test/models/fixtures/int8-tiny.onnx           a hand-made graph with every operator the float rewrite handles
  test/models/fixtures/int8-tiny-golden.json    its input and reference outputs
  test/models/fixtures/mobilenet-int8-golden.json  (with --mobilenet <file.onnx>) logits of MobileNetV2-int8 on
        four real ImageNet samples shrunk to 56x56 (the test enlarges them 4x by integer bilinear interpolation,
        so Python and TypeScript feed the model the same numbers)

Needs numpy, onnx and pillow (pip install onnx numpy pillow; local wheels on this machine).
Run: python3 scripts/onnx_int8_reference.py [--mobilenet ../shared/data/models/mobilenetv2-12-int8.onnx
     --images ../shared/fixtures/images]
"""
import argparse
import base64
import json
import os

import numpy as np
import onnx
from onnx import helper, numpy_helper, TensorProto

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'test', 'models', 'fixtures')
MEAN = [0.485, 0.456, 0.406]
STD = [0.229, 0.224, 0.225]


def saturate(v, dtype):
    info = np.iinfo(dtype)
    return np.clip(v, info.min, info.max).astype(dtype)


def quantize(real, scale, zp):
    """QuantizeLinear: round half to even of real / scale, plus the zero point, saturated to its type."""
    return saturate(np.rint(np.asarray(real, np.float64) / np.float64(scale)) + np.int64(zp), zp.dtype)


def dequantize(q, scale, zp, axis=1):
    q = np.asarray(q, np.float64) - per_axis(zp, q.ndim, axis)
    return q * per_axis(scale, q.ndim, axis)


def per_axis(v, ndim, axis):
    v = np.asarray(v, np.float64)
    if v.size == 1:
        return v.reshape(())
    shape = [1] * ndim
    shape[axis] = v.size
    return v.reshape(shape)


def conv_int(x, w, group, strides, pads, dilations):
    """Integer convolution, exact: x [N,C,H,W] and w [M,C/group,kh,kw] already minus their zero points (float64
    holds the sums exactly: every product is below 2^15 and there are far fewer than 2^38 of them)."""
    n, c, h, wd = x.shape
    m, cg, kh, kw = w.shape
    x = np.pad(x, ((0, 0), (0, 0), (pads[0], pads[2]), (pads[1], pads[3])))
    dh, dw = dilations
    eh, ew = (kh - 1) * dh + 1, (kw - 1) * dw + 1
    win = np.lib.stride_tricks.sliding_window_view(x, (eh, ew), axis=(2, 3))[:, :, ::strides[0], ::strides[1], ::dh, ::dw]
    ho, wo = win.shape[2], win.shape[3]
    win = win.reshape(n, group, cg, ho, wo, kh, kw)
    wg = w.reshape(group, m // group, cg, kh, kw)
    y = np.einsum('ngchwij,gmcij->ngmhw', win, wg, optimize=True)
    return y.reshape(n, m, ho, wo)


def attrs(node):
    return {a.name: helper.get_attribute_value(a) for a in node.attribute}


def run_reference(model, feeds):
    """Evaluates `model` (an onnx.ModelProto) on `feeds` ({name: array}); returns {output name: array}."""
    env = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    env.update(feeds)
    for node in model.graph.node:
        i = [env[n] if n else None for n in node.input]
        a = attrs(node)
        op = node.op_type
        if op == 'QuantizeLinear':
            out = quantize(i[0], i[1], i[2])
        elif op == 'DequantizeLinear':
            out = dequantize(i[0], i[1], i[2], a.get('axis', 1)).astype(np.float32)
        elif op == 'QLinearConv':
            x, xs, xz, w, ws, wz, ys, yz = i[:8]
            k = w.shape[2:]
            xi = np.asarray(x, np.float64) - np.float64(xz)
            wi = np.asarray(w, np.float64) - per_axis(wz, 4, 0)
            acc = conv_int(xi, wi, a.get('group', 1), a.get('strides', [1, 1]), a.get('pads', [0, 0, 0, 0]), a.get('dilations', [1, 1]))
            assert len(k) == 2 and a.get('auto_pad', b'NOTSET') in (b'NOTSET', 'NOTSET')
            if len(i) > 8 and i[8] is not None:
                acc = acc + np.asarray(i[8], np.float64).reshape(1, -1, 1, 1)
            out = quantize(acc * (np.float64(xs) * per_axis(ws, 4, 1)), ys, yz)
        elif op == 'QLinearMatMul':
            a_, as_, az, b, bs, bz, ys, yz = i
            acc = (np.asarray(a_, np.float64) - np.float64(az)) @ (np.asarray(b, np.float64) - per_axis(bz, b.ndim, b.ndim - 1))
            out = quantize(acc * (np.float64(as_) * per_axis(bs, acc.ndim, acc.ndim - 1)), ys, yz)
        elif op in ('QLinearAdd', 'QLinearMul'):
            a_, as_, az, b, bs, bz, cs, cz = i
            fa, fb = dequantize(a_, as_, az), dequantize(b, bs, bz)
            out = quantize(fa + fb if op == 'QLinearAdd' else fa * fb, cs, cz)
        elif op == 'QLinearGlobalAveragePool':
            x, xs, xz, ys, yz = i
            out = quantize(dequantize(x, xs, xz).mean(axis=(2, 3), keepdims=True), ys, yz)
        elif op in ('ConvInteger', 'MatMulInteger'):
            x, w = i[0], i[1]
            xz = i[2] if len(i) > 2 and i[2] is not None else np.int64(0)
            wz = i[3] if len(i) > 3 and i[3] is not None else np.int64(0)
            xi = np.asarray(x, np.float64) - np.float64(xz)
            if op == 'ConvInteger':
                wi = np.asarray(w, np.float64) - per_axis(wz, 4, 0)
                out = conv_int(xi, wi, a.get('group', 1), a.get('strides', [1, 1]), a.get('pads', [0, 0, 0, 0]), a.get('dilations', [1, 1]))
            else:
                out = xi @ (np.asarray(w, np.float64) - per_axis(wz, w.ndim, w.ndim - 1))
            out = out.astype(np.int32)
        elif op == 'DynamicQuantizeLinear':
            x = np.asarray(i[0], np.float32)
            lo, hi = min(0.0, float(x.min())), max(0.0, float(x.max()))
            scale = np.float32((hi - lo) / 255)
            zp = saturate(np.rint(-lo / np.float64(scale)), np.uint8)
            env[node.output[1]], env[node.output[2]] = scale, zp
            out = quantize(x, scale, zp)
        elif op == 'Cast':
            out = np.asarray(i[0]).astype(helper.tensor_dtype_to_np_dtype(a['to']))
        elif op == 'MatMul':
            out = np.asarray(i[0], np.float64) @ np.asarray(i[1], np.float64)
        elif op in ('Mul', 'Add', 'Sub'):
            out = {'Mul': np.multiply, 'Add': np.add, 'Sub': np.subtract}[op](i[0], i[1]).astype(np.result_type(i[0]))
        elif op == 'Shape':
            out = np.array(i[0].shape, np.int64)
        elif op == 'Gather':
            out = np.take(i[0], i[1], axis=a.get('axis', 0))
        elif op == 'Unsqueeze':
            out = np.expand_dims(i[0], tuple(a['axes']))
        elif op == 'Concat':
            out = np.concatenate([np.atleast_1d(v) for v in i], axis=a['axis'])
        elif op == 'Reshape':
            shape = [d if d != 0 else i[0].shape[k] for k, d in enumerate(i[1])]
            out = i[0].reshape(shape)
        else:
            raise SystemExit(f'onnx_int8_reference: no reference for operator {op} (node {node.name})')
        env[node.output[0]] = out
    return {o.name: env[o.name] for o in model.graph.output}


def tiny_model():
    """A hand-made int8 graph: QuantizeLinear, QLinearConv (per-channel weights, bias, stride 2, padding),
    a depthwise QLinearConv, QLinearAdd, QLinearGlobalAveragePool, QLinearMatMul, DequantizeLinear of activations
    and of a constant (QDQ weight), ConvInteger and MatMulInteger with zero points, Cast and Mul."""
    rng = np.random.RandomState(19)
    init = []

    def const(name, value):
        init.append(numpy_helper.from_array(np.asarray(value), name))
        return name

    const('xs', np.float32(0.02)), const('xz', np.uint8(128))
    const('w1', rng.randint(-127, 128, (4, 3, 3, 3)).astype(np.int8)), const('w1s', np.float32([0.01, 0.02, 0.015, 0.03]))
    const('w1z', np.int8([0, 0, 0, 0])), const('b1', rng.randint(-500, 500, 4).astype(np.int32))
    const('y1s', np.float32(0.05)), const('y1z', np.uint8(0))
    const('w2', rng.randint(-127, 128, (4, 1, 3, 3)).astype(np.int8)), const('w2s', np.float32(0.02)), const('w2z', np.int8(0))
    const('y2s', np.float32(0.04)), const('y2z', np.uint8(10))
    const('y3s', np.float32(0.06)), const('y3z', np.uint8(5))
    const('y4s', np.float32(0.03)), const('y4z', np.uint8(3))
    const('fcw', rng.randint(-127, 128, (4, 5)).astype(np.int8)), const('fcs', np.float32([0.01, 0.02, 0.03, 0.04, 0.05])), const('fcz', np.int8([0, 0, 0, 0, 0]))
    const('y5s', np.float32(0.02)), const('y5z', np.uint8(128))
    const('qdqw', rng.randint(-127, 128, (5, 3)).astype(np.int8)), const('qdqs', np.float32(0.05)), const('qdqz', np.int8(2))
    const('ciw', rng.randint(-127, 128, (2, 3, 1, 1)).astype(np.int8)), const('ciwz', np.int8(1)), const('cis', np.float32(0.0004))
    const('miw', rng.randint(-127, 128, (4, 3)).astype(np.int8)), const('miwz', np.int8([1, -2, 3]))
    nodes = [
        helper.make_node('QuantizeLinear', ['x', 'xs', 'xz'], ['xq'], name='quantize_input'),
        helper.make_node('QLinearConv', ['xq', 'xs', 'xz', 'w1', 'w1s', 'w1z', 'y1s', 'y1z', 'b1'], ['y1'], name='conv1',
                         strides=[2, 2], pads=[1, 1, 1, 1], kernel_shape=[3, 3]),
        helper.make_node('QLinearConv', ['y1', 'y1s', 'y1z', 'w2', 'w2s', 'w2z', 'y2s', 'y2z'], ['y2'], name='depthwise', group=4, pads=[1, 1, 1, 1]),
        helper.make_node('QLinearAdd', ['y1', 'y1s', 'y1z', 'y2', 'y2s', 'y2z', 'y3s', 'y3z'], ['y3'], name='residual', domain='com.microsoft'),
        helper.make_node('QLinearGlobalAveragePool', ['y3', 'y3s', 'y3z', 'y4s', 'y4z'], ['y4'], name='pool', domain='com.microsoft', channels_last=0),
        helper.make_node('Reshape', ['y4', 'flat'], ['y4f'], name='flatten'),
        helper.make_node('QLinearMatMul', ['y4f', 'y4s', 'y4z', 'fcw', 'fcs', 'fcz', 'y5s', 'y5z'], ['y5'], name='fc'),
        helper.make_node('DequantizeLinear', ['y5', 'y5s', 'y5z'], ['logits'], name='dequantize_logits'),
        # QDQ: a constant int8 weight dequantized, feeding a float MatMul.
        helper.make_node('DequantizeLinear', ['qdqw', 'qdqs', 'qdqz'], ['qdqw_float'], name='dequantize_weight'),
        helper.make_node('MatMul', ['logits', 'qdqw_float'], ['qdq_out'], name='qdq_matmul'),
        # Integer ops with zero points (as dynamic quantization writes them).
        helper.make_node('ConvInteger', ['xq', 'ciw', 'xz', 'ciwz'], ['ci'], name='conv_integer', kernel_shape=[1, 1]),
        helper.make_node('Cast', ['ci'], ['ci_float'], name='cast_conv_integer', to=TensorProto.FLOAT),
        helper.make_node('Mul', ['ci_float', 'cis'], ['conv_integer_out'], name='scale_conv_integer'),
        helper.make_node('MatMulInteger', ['y4f', 'miw', 'y4z', 'miwz'], ['matmul_integer_out'], name='matmul_integer'),
    ]
    const('flat', np.int64([-1, 4]))
    graph = helper.make_graph(nodes, 'int8-tiny', [helper.make_tensor_value_info('x', TensorProto.FLOAT, [2, 3, 8, 8])], [
        helper.make_tensor_value_info('logits', TensorProto.FLOAT, [2, 5]),
        helper.make_tensor_value_info('qdq_out', TensorProto.FLOAT, [2, 3]),
        helper.make_tensor_value_info('conv_integer_out', TensorProto.FLOAT, [2, 2, 8, 8]),
        helper.make_tensor_value_info('matmul_integer_out', TensorProto.INT32, [2, 3]),
    ], init)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 13), helper.make_opsetid('com.microsoft', 1)], producer_name='laionet scripts/onnx_int8_reference.py')
    model.ir_version = 8
    onnx.checker.check_model(model)
    x = (rng.rand(2, 3, 8, 8) * 5 - 2.5).astype(np.float32)
    return model, x


def upsample4(rgb):
    """56x56 -> 224x224 bilinear in integers (16 x the value): output y reads rows y // 4 and the next one (the
    last row repeats) with weights 4 - y % 4 and y % 4, and the same across columns. Integer arithmetic, so the test's
    TypeScript gets the same numbers."""
    n = rgb.shape[0]
    y = np.arange(4 * n)
    i0, frac = y // 4, y % 4
    i1 = np.minimum(i0 + 1, n - 1)
    v = rgb.astype(np.int64)
    rows = v[i0] * (4 - frac)[:, None, None] + v[i1] * frac[:, None, None]
    return rows[:, i0] * (4 - frac)[None, :, None] + rows[:, i1] * frac[None, :, None]


def mobilenet_inputs(images):
    """Four real ImageNet samples shrunk to 56x56 RGB (PIL bilinear), their bytes, and the model's input (enlarged
    4x by integer bilinear interpolation, normalised in float64 and rounded once to float32, as the test does)."""
    from PIL import Image
    names = ['n01440764_tench.JPEG', 'n01443537_goldfish.JPEG', 'n02504458_African_elephant.JPEG', 'n07747607_orange.JPEG']
    small, batch = [], []
    for name in names:
        im = Image.open(os.path.join(images, name)).convert('RGB')
        side = min(im.size)
        left, top = (im.size[0] - side) // 2, (im.size[1] - side) // 2
        im = im.crop((left, top, left + side, top + side)).resize((56, 56), Image.BILINEAR)
        rgb = np.asarray(im, np.uint8)
        small.append(rgb)
        big = upsample4(rgb).astype(np.float64) / (16 * 255.0)
        batch.append(((big - MEAN) / STD).transpose(2, 0, 1).astype(np.float32))
    return names, small, np.stack(batch)


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--mobilenet', help='the MobileNetV2-int8 .onnx file (data/models/mobilenetv2-12-int8.onnx)')
    p.add_argument('--images', default=os.path.join(HERE, '..', '..', 'shared', 'fixtures', 'images'))
    args = p.parse_args()
    os.makedirs(OUT, exist_ok=True)
    model, x = tiny_model()
    onnx.save(model, os.path.join(OUT, 'int8-tiny.onnx'))
    ref = run_reference(model, {'x': x})
    golden = {'input': {'name': 'x', 'dims': list(x.shape), 'data': x.ravel().tolist()},
              'outputs': {k: {'dims': list(v.shape), 'data': np.asarray(v, np.float64).ravel().tolist()} for k, v in ref.items()}}
    with open(os.path.join(OUT, 'int8-tiny-golden.json'), 'w') as f:
        json.dump(golden, f)
        f.write('\n')
    print('wrote int8-tiny.onnx and int8-tiny-golden.json:', {k: v.shape for k, v in ref.items()})
    if args.mobilenet:
        names, small, batch = mobilenet_inputs(args.images)
        m = onnx.load(args.mobilenet)
        logits = run_reference(m, {m.graph.input[0].name: batch})[m.graph.output[0].name]
        out = {'model': os.path.basename(args.mobilenet), 'size': 56, 'upsample': 'integer bilinear x4 (scripts/onnx_int8_reference.py upsample4)', 'mean': MEAN, 'std': STD,
               'images': [{'file': n, 'rgb56': base64.b64encode(s.tobytes()).decode(), 'logits': [round(float(v), 6) for v in row],
                           'top5': [int(k) for k in np.argsort(-row, kind='stable')[:5]]}
                          for n, s, row in zip(names, small, np.asarray(logits, np.float64))]}
        with open(os.path.join(OUT, 'mobilenet-int8-golden.json'), 'w') as f:
            json.dump(out, f)
            f.write('\n')
        print('wrote mobilenet-int8-golden.json: top-5', [i['top5'] for i in out['images']])


if __name__ == '__main__':
    main()
