#!/usr/bin/env python3
"""Writes src/models/text-clean-tables.ts: the data tables of ftfy 6.3's fix_text, taken from ftfy itself.

The TypeScript port of fix_text (src/models/text-clean-*.ts) needs ftfy's character tables: the single-byte
encodings it tries when it repairs mojibake (with its "sloppy" Windows code pages), its HTML entity table, the
width map, and its two heuristic regular expressions (BADNESS_RE, UTF8_DETECTOR_RE), which are made of long
character classes. Copying them by hand would be error-prone; this script reads them from the installed ftfy and
translates the expressions from Python's verbose `re` syntax into JavaScript's (flag `u`):
  - whitespace and comments outside character classes are dropped (re.VERBOSE);
  - `\\s` becomes the explicit class of what Python's `re` calls whitespace (JavaScript's \\s differs: it has U+FEFF
    and lacks U+1C-U+1F and U+85);
  - `\\w` becomes [\\p{L}\\p{N}_] (Python: str.isalnum() or '_'; JavaScript's \\w is ASCII only);
  - `.` becomes [^\\n] (Python's dot excludes only \\n, JavaScript's also \\r, U+2028, U+2029);
  - every character outside printable ASCII is written as \\u{...}.

Run (ftfy 6.3 from the local wheels):
    python3 -m venv --system-site-packages /tmp/ftfy-venv && /tmp/ftfy-venv/bin/pip install ftfy==6.3.1
    /tmp/ftfy-venv/bin/python scripts/make-text-clean-tables.py
"""
import html
import html.entities
import json
import os
import re
import sys

import ftfy
from ftfy import badness, chardata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, 'src', 'models', 'text-clean-tables.ts')


def char_class(codes):
    """Returns the inside of a JS character class holding exactly `codes` (sorted ints), as ranges."""
    parts, i = [], 0
    while i < len(codes):
        j = i
        while j + 1 < len(codes) and codes[j + 1] == codes[j] + 1:
            j += 1
        parts.append(esc(chr(codes[i])) + ('' if i == j else '-' + esc(chr(codes[j]))))
        i = j + 1
    return ''.join(parts)


def esc(c):
    """A character as written inside a JS regular expression with flag u."""
    o = ord(c)
    if o < 0x20 or o > 0x7e:
        return '\\u{%x}' % o
    return c


PY_SPACE = [c for c in range(0x110000) if re.match(r'\s', chr(c))]


def to_js(pattern):
    """Translates a verbose Python `re` pattern (str) into a JS pattern for flag u (see the module doc)."""
    out, i, in_class = [], 0, False
    space = char_class(PY_SPACE)
    while i < len(pattern):
        c = pattern[i]
        if c == '\\':
            n = pattern[i + 1]
            if n == 's':
                out.append(space if in_class else '[' + space + ']')
            elif n == 'w':
                out.append('\\p{L}\\p{N}_' if in_class else '[\\p{L}\\p{N}_]')
            elif n == 'x':
                out.append(esc(chr(int(pattern[i + 2:i + 4], 16))))
                i += 2
            elif n in '[]\\-^.|()?*+{}$':
                out.append('\\' + n)
            else:
                sys.exit(f'unsupported escape \\{n} in pattern')
            i += 2
            continue
        if in_class:
            if c == ']':
                in_class = False
            out.append(esc(c))
        elif c == '[':
            in_class = True
            out.append(c)
        elif c in ' \t\n\r':
            pass
        elif c == '#':
            while i < len(pattern) and pattern[i] != '\n':
                i += 1
            continue
        elif c == '.':
            out.append('[^\\n]')
        else:
            out.append(esc(c))
        i += 1
    return ''.join(out)


def decoding_table(encoding):
    """The 256 characters that the bytes 0..255 decode to (ftfy's sloppy codecs fill the holes)."""
    table = bytes(range(256)).decode(encoding)
    assert len(table) == 256 and len(set(table)) == 256, encoding
    return table


def strict_windows_1252():
    """Python's windows-1252 for bytes 0x80..0xFF, with null for its five undefined bytes."""
    out = []
    for b in range(0x80, 0x100):
        try:
            out.append(bytes([b]).decode('windows-1252'))
        except UnicodeDecodeError:
            out.append(None)
    return out


def main():
    encodings = {}
    for enc in chardata.CHARMAP_ENCODINGS:
        table = decoding_table(enc)
        # Bytes 0x00-0x7F other than 0x1A decode to ASCII in every one of these (chardata._build_regexes relies on it).
        assert all(table[b] == chr(b) for b in range(0x80) if b != 0x1A), enc
        encodings[enc] = table[0x80:] + table[0x1A]
    entities = dict(sorted(chardata.HTML_ENTITIES.items()))
    invalid_charrefs = {str(k): v for k, v in sorted(html._invalid_charrefs.items())}
    invalid_codepoints = sorted(html._invalid_codepoints)
    width = [[k, v] for k, v in sorted(chardata.WIDTH_MAP.items())]
    ligatures = [[k, v] for k, v in sorted(chardata.LIGATURES.items())]
    import regex  # transformers' CLIPTokenizer cleans whitespace with the `regex` module, whose \s differs from re's
    regex_space = [c for c in range(0x110000) if regex.match(r'\s', chr(c))]
    str_space = [c for c in range(0x110000) if chr(c).isspace()]

    def js(value):
        return json.dumps(value, ensure_ascii=True)

    lines = [
        '// Generated by scripts/make-text-clean-tables.py from ftfy %s (Python %s, Unicode %s): do not edit by hand.'
        % (ftfy.__version__, sys.version.split()[0], __import__('unicodedata').unidata_version),
        '// The data tables of ftfy.fix_text, used by text-clean-encoding.ts and text-clean-ftfy.ts.',
        '',
        '/** ftfy\'s CHARMAP_ENCODINGS in its order of trial: the characters bytes 0x80..0xFF decode to, then byte 0x1A\'s. */',
        'export const CHARMAP_ENCODINGS: readonly (readonly [name: string, high: string])[] = ' + js([[k, v] for k, v in encodings.items()]),
        '',
        '/** Python\'s strict windows-1252 for bytes 0x80..0xFF (null: undefined byte, a decoding error). */',
        'export const WINDOWS_1252: readonly (string | null)[] = ' + js(strict_windows_1252()),
        '',
        '/** ftfy\'s HTML_ENTITIES: every HTML5 entity with its semicolon, plus upper-case forms of some lower-case ones. */',
        'export const HTML_ENTITIES: Readonly<Record<string, string>> = ' + js(entities),
        '',
        '/** Python html\'s _invalid_charrefs: numeric references replaced by another character (as browsers do). */',
        'export const INVALID_CHARREFS: Readonly<Record<string, string>> = ' + js(invalid_charrefs),
        '',
        '/** Python html\'s _invalid_codepoints: numeric references that unescape to nothing. */',
        'export const INVALID_CODEPOINTS: readonly number[] = ' + js(invalid_codepoints),
        '',
        '/** ftfy\'s WIDTH_MAP: halfwidth and fullwidth forms (and U+3000) to their standard forms. */',
        'export const WIDTH_MAP: readonly (readonly [code: number, text: string])[] = ' + js(width),
        '',
        '/** ftfy\'s LIGATURES: Latin ligatures and digraphs to their letters. */',
        'export const LIGATURES: readonly (readonly [code: number, text: string])[] = ' + js(ligatures),
        '',
        '/** ftfy\'s BADNESS_RE (badness.py), translated to a JavaScript pattern for flag u. */',
        'export const BADNESS_SOURCE = ' + js(to_js(badness.BADNESS_RE.pattern)),
        '',
        '/** ftfy\'s UTF8_DETECTOR_RE (chardata.py), translated to a JavaScript pattern for flag u. */',
        'export const UTF8_DETECTOR_SOURCE = ' + js(to_js(chardata.UTF8_DETECTOR_RE.pattern)),
        '',
        '/** The characters the `regex` module\'s \\s matches (CLIPTokenizer\'s whitespace_clean), as a class body. */',
        'export const REGEX_SPACE_CLASS = ' + js(char_class(regex_space)),
        '',
        '/** The characters Python\'s str.strip() removes (str.isspace()), as a class body. */',
        'export const STR_SPACE_CLASS = ' + js(char_class(str_space)),
        '',
    ]
    with open(OUT, 'w', encoding='utf-8') as f:
        f.write('\n'.join(lines))
    print(f'wrote {OUT} ({os.path.getsize(OUT)} bytes)')


if __name__ == '__main__':
    main()
