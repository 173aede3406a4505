"""Writes the byte-array reader's fixtures (test/io/parquet-byte-array.test.ts): the same 300 strings stored every way
pyarrow can store a string column. Run: python3 make.py (pyarrow 25). text(i) must match textOf in the test."""
import pyarrow as pa
import pyarrow.parquet as pq


def text(i):
    if i % 17 == 0:
        return None
    if i % 13 == 0:
        return ''
    if i % 5 == 0:
        return 'dup'
    return f'row {i} ' + 'é€😀x'[: i % 5] * (i % 7)


ROWS = 300
t = pa.table({'TEXT': pa.array([text(i) for i in range(ROWS)], pa.string())})
kinds = {
    'v1-snappy-dict': dict(compression='snappy'),
    'v1-zstd-plain': dict(compression='zstd', use_dictionary=False),
    'v2-gzip-dict': dict(compression='gzip', data_page_version='2.0'),
    'v2-none-plain': dict(compression='none', use_dictionary=False, data_page_version='2.0'),
    'v1-dict-fallback': dict(compression='snappy', dictionary_pagesize_limit=200, write_batch_size=10),
}
for name, options in kinds.items():
    pq.write_table(t, f'{name}.parquet', row_group_size=120, data_page_size=512, write_batch_size=options.pop('write_batch_size', 1024), **options)
req = pa.table({'TEXT': pa.array([text(i) or 'x' for i in range(ROWS)], pa.string())},
               schema=pa.schema([pa.field('TEXT', pa.string(), nullable=False)]))
pq.write_table(req, 'required-v2.parquet', row_group_size=120, data_page_size=512, data_page_version='2.0')
