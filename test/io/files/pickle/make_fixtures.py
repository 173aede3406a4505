"""Writes the pickle test vectors of test/io/pickle.test.ts with CPython's pickle (run: python3 make_fixtures.py)."""
import collections
import pickle


def w(name, obj, proto=4):
    with open(name, 'wb') as f:
        f.write(pickle.dumps(obj, protocol=proto))


# the accepted shape: dict[str, list[int]], every int width, batching, protocols
w('small.pkl', {'n01440764': [1, 2, 300, 70000, 3112933023, -5, 2**40], 'n02': [], 'n03': [7]})
big = {f'n{i:08d}': [i] * (i % 3) for i in range(1100)}
big['long'] = list(range(2500))
w('big.pkl', big)
w('proto1.pkl', {'a': [1]}, 1)
w('proto2.pkl', {'a': [1, 2]}, 2)
w('proto5.pkl', {'a': [1, 2]}, 5)
w('shared-key.pkl', {'a': [1], 'b': [1]})
same = [1]
w('shared-list.pkl', {'a': same, 'b': same})  # one list object under two keys: a memo reference (BINGET)
# shapes the reader must refuse
w('not-dict.pkl', [1, 2, 3])
w('float-item.pkl', {'a': [1, 2.5]})
w('int-key.pkl', {1: [1]})
w('tuple-value.pkl', {'a': (1, 2)})
w('str-item.pkl', {'a': ['x']})
w('huge-int.pkl', {'a': [2**70]})
w('ordered-dict.pkl', collections.OrderedDict(a=[1]))
data = pickle.dumps({'a': [1, 2, 3]}, protocol=4)
with open('truncated.pkl', 'wb') as f:
    f.write(data[:-4])
with open('trailing.pkl', 'wb') as f:
    f.write(data + b'junk')
