"""A full-size CLIP with random weights, for goldens and benchmarks at the real cost of ViT-B/32.

transformers' CLIPConfig defaults are openai/clip-vit-base-patch32's architecture (text: 12 layers, width 512,
77 positions, 49,408 tokens; vision: 12 layers, width 768, patch 32, 224 px; projection 512). This script builds it
with seeded random weights in CPU torch, exports the two towers to ONNX in the Xenova/clip-vit-base-patch32 folder
layout (config.json, preprocessor_config.json, tokenizer.json, tokenizer_config.json, onnx/text_model.onnx,
onnx/vision_model.onnx) and writes PyTorch goldens (golden.json) beside them. Never committed: it goes into the cache.

Run through the launcher, which makes the venv: node --import tsx scripts/make-full-clip.ts [--force]
  build  --out DIR --fixtures ../shared/fixtures [--seed 0]
  bench  --out DIR --fixtures ../shared/fixtures --spec FILE --results FILE  (PyTorch CPU texts/s and images/s, the peer of
         bench/models.ts, by batch size and threads, on the same model and inputs)
"""
import argparse
import json
import os
import shutil
import sys
import time

import numpy as np
import torch
from transformers import AutoTokenizer, CLIPConfig, CLIPTextModelWithProjection, CLIPVisionModelWithProjection

# Long captions for the truncation goldens: beyond 77 tokens, so the reference truncates the content to 75 tokens and
# appends end-of-text; pooling then happens at position 76.
LONG_TEXTS = [
    ' '.join(['hello world'] * 60),
    'A vintage photograph of a large American feline resembling a lion, ' * 12,
    ', '.join(f'item{i}' for i in range(200)),
]


def read_npy_pixels(fixtures):
    return np.load(os.path.join(fixtures, 'golden', 'clip_pixel_values.npy'))


def golden_inputs(fixtures):
    g = json.load(open(os.path.join(fixtures, 'golden', 'clip_golden.json')))
    texts = [t['text'] for t in g['texts']] + LONG_TEXTS
    files = [im['file'] for im in g['images']]
    return texts, files


def build(args):
    tiny = os.path.join(args.fixtures, 'models', 'tiny-random-clip')
    out = args.out
    tmp = out + '.partial'
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(os.path.join(tmp, 'onnx'))
    t0 = time.time()
    torch.manual_seed(args.seed)
    config = CLIPConfig()
    config.text_config.eos_token_id = 49407
    text = CLIPTextModelWithProjection(config.text_config).eval()
    vision = CLIPVisionModelWithProjection(config.vision_config).eval()
    built = time.time()
    config.architectures = ['CLIPModel']
    config.to_json_file(os.path.join(tmp, 'config.json'))
    for f in ('tokenizer.json', 'tokenizer_config.json', 'preprocessor_config.json'):
        shutil.copyfile(os.path.join(tiny, f), os.path.join(tmp, f))

    ids = torch.tensor([[49406, 320, 1125, 539, 320, 2368, 49407]], dtype=torch.int64)
    pix = torch.zeros((1, 3, 224, 224), dtype=torch.float32)
    with torch.no_grad():
        torch.onnx.export(text, (ids,), os.path.join(tmp, 'onnx', 'text_model.onnx'), input_names=['input_ids'],
                          output_names=['text_embeds', 'last_hidden_state'], opset_version=17, dynamo=False,
                          dynamic_axes={'input_ids': {0: 'batch_size', 1: 'sequence_length'},
                                        'text_embeds': {0: 'batch_size'},
                                        'last_hidden_state': {0: 'batch_size', 1: 'sequence_length'}})
        torch.onnx.export(vision, (pix,), os.path.join(tmp, 'onnx', 'vision_model.onnx'), input_names=['pixel_values'],
                          output_names=['image_embeds', 'last_hidden_state'], opset_version=17, dynamo=False,
                          dynamic_axes={'pixel_values': {0: 'batch_size'}, 'image_embeds': {0: 'batch_size'},
                                        'last_hidden_state': {0: 'batch_size'}})
    exported = time.time()

    # Goldens: the reference tokenizer (77 tokens, truncation), PyTorch's projected (unnormalised) embeddings.
    tok = AutoTokenizer.from_pretrained(tmp)
    texts, files = golden_inputs(args.fixtures)
    golden_texts = []
    with torch.no_grad():
        for t in texts:
            enc = tok([t], truncation=True, max_length=77, return_tensors='pt')
            e = text(input_ids=enc['input_ids']).text_embeds[0]
            golden_texts.append({'text': t, 'input_ids': enc['input_ids'][0].tolist(), 'text_embeds': e.tolist()})
        pixels = torch.from_numpy(read_npy_pixels(args.fixtures))
        image_embeds = vision(pixel_values=pixels).image_embeds
    golden = {
        'model': 'full-random-clip-vit-b32', 'seed': args.seed, 'torch': torch.__version__,
        'note': 'text_embeds and image_embeds are the projected, NOT normalised outputs of the PyTorch towers; '
                'image_embeds are computed from fixtures/golden/clip_pixel_values.npy (same order as images)',
        'texts': golden_texts,
        'images': [{'file': f, 'image_embeds': image_embeds[i].tolist()} for i, f in enumerate(files)],
        'seconds': {'build': round(built - t0, 1), 'export': round(exported - built, 1), 'goldens': round(time.time() - exported, 1)},
    }
    json.dump(golden, open(os.path.join(tmp, 'golden.json'), 'w'))
    if args.stamp:
        open(os.path.join(tmp, 'script.sha256'), 'w').write(args.stamp)
    shutil.rmtree(out, ignore_errors=True)
    os.rename(tmp, out)
    print(json.dumps({'out': out, 'seconds': golden['seconds']}))


def rate(n, seconds):
    return round(n / seconds, 1)


def best(f, runs=2):
    s = float('inf')
    for _ in range(runs):
        t0 = time.perf_counter()
        f()
        s = min(s, time.perf_counter() - t0)
    return s


def bench(args):
    tok = AutoTokenizer.from_pretrained(args.out)
    # The folder holds ONNX only: rebuild the same seeded weights (same seed, same config => same tensors).
    golden = json.load(open(os.path.join(args.out, 'golden.json')))
    torch.manual_seed(golden['seed'])
    config = CLIPConfig()
    config.text_config.eos_token_id = 49407
    text = CLIPTextModelWithProjection(config.text_config).eval()
    vision = CLIPVisionModelWithProjection(config.vision_config).eval()
    spec = json.load(open(args.spec))
    texts = spec['texts']
    pixels = torch.from_numpy(read_npy_pixels(args.fixtures))
    reps = -(-spec['images'] // pixels.shape[0])
    pixels = pixels.repeat(reps, 1, 1, 1)[:spec['images']]
    # Check first that these are the goldens' weights.
    with torch.no_grad():
        e = text(input_ids=torch.tensor([golden['texts'][0]['input_ids']])).text_embeds[0]
    drift = float((e - torch.tensor(golden['texts'][0]['text_embeds'])).abs().max())
    runs = []
    for threads in spec['threads']:
        torch.set_num_threads(threads)
        for batch in spec['batches']:
            def run_texts():
                with torch.no_grad():
                    for b in range(0, len(texts), batch):
                        enc = tok(texts[b:b + batch], padding=True, truncation=True, max_length=77, return_tensors='pt')
                        text(input_ids=enc['input_ids'], attention_mask=enc['attention_mask'])

            def run_images():
                with torch.no_grad():
                    for b in range(0, pixels.shape[0], batch):
                        vision(pixel_values=pixels[b:b + batch])
            run_texts() if batch == spec['batches'][0] else None  # warm-up
            runs.append({'threads': threads, 'batchSize': batch,
                         'textsPerSecond': rate(len(texts), best(run_texts)),
                         'imagesPerSecond': rate(pixels.shape[0], best(run_images))})
            print(json.dumps(runs[-1]), file=sys.stderr)
    json.dump({'torch': torch.__version__, 'goldenDrift': drift, 'runs': runs}, open(args.results, 'w'))


def main():
    p = argparse.ArgumentParser()
    p.add_argument('command', choices=['build', 'bench'])
    p.add_argument('--out', required=True)
    p.add_argument('--fixtures', required=True)
    p.add_argument('--seed', type=int, default=0)
    p.add_argument('--results')
    p.add_argument('--spec', help='bench: a JSON file {texts, images, batches, threads}')
    p.add_argument('--stamp', help='build: written to script.sha256 (the launcher rebuilds when the script changes)')
    args = p.parse_args()
    build(args) if args.command == 'build' else bench(args)


if __name__ == '__main__':
    main()
