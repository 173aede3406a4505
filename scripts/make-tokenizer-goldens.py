#!/usr/bin/env python3
"""Writes test/models/fixtures/tokenizer-goldens.json.gz: the paper's CLIP token ids for adversarial captions and
for all 10,000 captions of the LAION sample, as the authors' tokenizer gives them.

The reference is transformers 4.27's slow `CLIPTokenizer` (the authors' requirements: transformers~=4.27.1,
ftfy~=6.1.1), transcribed below because neither is in the local wheels, and run with ftfy 6.3 from the wheels.
(transformers 5.x's CLIPTokenizer no longer calls ftfy, so it cannot be the reference.) What is transcribed:
  - PreTrainedTokenizer.tokenize (4.27): the caption is split at the special tokens written in it
    ("<|startoftext|>", "<|endoftext|>"; AddedTokens with lstrip=rstrip=False, so no whitespace is stripped around
    them), each piece goes through _tokenize, the special tokens stay as they are;
  - CLIPTokenizer._tokenize: whitespace_clean(ftfy.fix_text(text)).lower(), the regex split (`regex` module,
    IGNORECASE), UTF-8 bytes mapped by bytes_to_unicode, BPE with the merge ranks, "</w>" after a word's last symbol;
  - CLIPTokenizer.__call__(texts, padding=True, truncation=True): at most 75 content tokens between
    <|startoftext|> (49406) and <|endoftext|> (49407).
The vocabulary and merges are those of Xenova/clip-vit-base-patch32's tokenizer.json (../shared's tiny CLIP carries
the same file), checked here against OpenAI's bpe_simple_vocab_16e6.txt.gz (../shared/data/clip/clip_bpe_simple_vocab_16e6.txt.gz): the slow
tokenizer's merges.txt is that file's lines 1..48894, and its vocab is bytes, bytes + "</w>", merges, specials.

Output (gzip'd JSON):
  adversarial: [{text, fixed: ftfy.fix_text(text), ids}] hand-made hard cases and mojibake made from real captions;
  fuzz: [[text, ftfy.fix_text(text), hash of ids]] for 1,000 seeded random texts of damaged pieces (fuzz_texts);
  sample: {file, count, hash: per caption the first 10 hex digits of sha1(",".join(ids)), concatenated;
           fixed: [[row, ftfy.fix_text(text), ids]] for every caption that ftfy changes,
           naiveDiffers: the rows whose ids differ when the caption is only NFC'd, single-spaced and lower-cased
           (what tokenizer.json does), i.e. the captions whose ids the cleaning changes}.

Run (ftfy 6.3 and regex from the local wheels, pyarrow to read the parquet):
    python3 -m venv --system-site-packages /tmp/ftfy-venv && /tmp/ftfy-venv/bin/pip install ftfy==6.3.1 regex pyarrow
    /tmp/ftfy-venv/bin/python scripts/make-tokenizer-goldens.py [--shared ../shared] [--compare-ftfy DIR]
--compare-ftfy DIR also runs the ftfy package found in DIR (e.g. the authors' 6.1.1: `git archive v6.1.1 ftfy` of
rspeer/python-ftfy, pure Python) on the same texts and prints where its fix_text differs from 6.3's (nothing is
written for it).
"""
import argparse
import gzip
import subprocess
import hashlib
import json
import os
import sys
import unicodedata

import ftfy
import pyarrow.parquet as pq
import regex as re

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, 'test', 'models', 'fixtures', 'tokenizer-goldens.json.gz')
SPECIALS = ('<|startoftext|>', '<|endoftext|>')
BOS, EOS = 49406, 49407


# ---- transformers 4.27, models/clip/tokenization_clip.py (transcribed) ----
def bytes_to_unicode():
    bs = list(range(ord('!'), ord('~') + 1)) + list(range(ord('¡'), ord('¬') + 1)) + list(range(ord('®'), ord('ÿ') + 1))
    cs = bs[:]
    n = 0
    for b in range(2 ** 8):
        if b not in bs:
            bs.append(b)
            cs.append(2 ** 8 + n)
            n += 1
    return dict(zip(bs, [chr(n) for n in cs]))


def get_pairs(word):
    pairs = set()
    prev_char = word[0]
    for char in word[1:]:
        pairs.add((prev_char, char))
        prev_char = char
    return pairs


def whitespace_clean(text):
    text = re.sub(r'\s+', ' ', text)
    return text.strip()


class SlowClipTokenizer:
    def __init__(self, encoder, merges):
        self.encoder = encoder
        self.byte_encoder = bytes_to_unicode()
        self.bpe_ranks = dict(zip(merges, range(len(merges))))
        self.cache = {'<|startoftext|>': '<|startoftext|>', '<|endoftext|>': '<|endoftext|>'}
        self.pat = re.compile(r"""<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+""", re.IGNORECASE)
        self.fix_text = ftfy.fix_text

    def bpe(self, token):
        if token in self.cache:
            return self.cache[token]
        word = tuple(token[:-1]) + (token[-1] + '</w>',)
        pairs = get_pairs(word)
        if not pairs:
            return token + '</w>'
        while True:
            bigram = min(pairs, key=lambda pair: self.bpe_ranks.get(pair, float('inf')))
            if bigram not in self.bpe_ranks:
                break
            first, second = bigram
            new_word = []
            i = 0
            while i < len(word):
                try:
                    j = word.index(first, i)
                except ValueError:
                    new_word.extend(word[i:])
                    break
                else:
                    new_word.extend(word[i:j])
                    i = j
                if word[i] == first and i < len(word) - 1 and word[i + 1] == second:
                    new_word.append(first + second)
                    i += 2
                else:
                    new_word.append(word[i])
                    i += 1
            word = tuple(new_word)
            if len(word) == 1:
                break
            pairs = get_pairs(word)
        word = ' '.join(word)
        self.cache[token] = word
        return word

    def _tokenize(self, text):
        bpe_tokens = []
        text = whitespace_clean(self.fix_text(text)).lower()
        for token in re.findall(self.pat, text):
            token = ''.join(self.byte_encoder[b] for b in token.encode('utf-8'))
            bpe_tokens.extend(bpe_token for bpe_token in self.bpe(token).split(' '))
        return bpe_tokens

    # ---- transformers 4.27, tokenization_utils.py PreTrainedTokenizer.tokenize, for CLIP's two special tokens ----
    def tokenize(self, text):
        tokens, pos = [], 0
        while pos < len(text):  # Trie.split: the leftmost special token, else the rest
            hits = [(text.find(s, pos), s) for s in SPECIALS if text.find(s, pos) >= 0]
            if not hits:
                tokens.append(text[pos:])
                break
            at, s = min(hits)
            if at > pos:
                tokens.append(text[pos:at])
            tokens.append(s)
            pos = at + len(s)
        out = []
        for token in tokens:
            if not token:
                continue
            out.extend([token] if token in SPECIALS else self._tokenize(token))
        return out

    def __call__(self, text):
        ids = [self.encoder.get(t, self.encoder['<|endoftext|>']) for t in self.tokenize(text)]
        return [BOS] + ids[:75] + [EOS]


def load_vocabulary(shared):
    """tokenizer.json's vocab and merges, checked against OpenAI's BPE file as the slow tokenizer reads it."""
    tok = json.load(open(os.path.join(shared, 'fixtures/models/tiny-random-clip/tokenizer.json'), encoding='utf-8'))
    vocab = tok['model']['vocab']
    merges = [tuple(m) if isinstance(m, list) else tuple(m.split()) for m in tok['model']['merges']]
    lines = gzip.open(os.path.join(shared, 'data/clip/clip_bpe_simple_vocab_16e6.txt.gz')).read().decode('utf-8').split('\n')
    openai = [tuple(m.split()) for m in lines[1:49152 - 256 - 2 + 1]]
    assert merges == openai, 'tokenizer.json merges differ from bpe_simple_vocab_16e6 lines 1..48894'
    chars = list(bytes_to_unicode().values())
    expected = chars + [c + '</w>' for c in chars] + [''.join(m) for m in openai] + list(SPECIALS)
    assert vocab == {t: i for i, t in enumerate(expected)}, 'tokenizer.json vocab differs from the one built from the BPE file'
    return vocab, merges


def hand_made():
    """Hard cases for the cleaning: each names what it exercises."""
    return [
        # mojibake (UTF-8 read as a single-byte code page), from ftfy's own docs and real LAION damage
        'âœ” No problems', 'CafÃ© au lait', 'schÃ¶n', 'voilÃ le travail', 'Ã la mode', 'MÃ¼nchen Â· Bayern',
        'The Mona Lisa doesnÃ¢â‚¬â„¢t have eyebrows.', 'â€œ like this â€�', 'Ð¿Ñ€Ð¸Ð²ÐµÑ‚ Ð¼Ð¸Ñ€', 'ä¸­æ–‡ æ¸¬è©¦',
        'the Ã‚Â£ sign', 'ÃƒÂ©tÃƒÂ© double', 'Ð\xa0Ð¾ÑÑÐ¸Ñ', 'l\x85m ellipsis', 'â€¢ bullet â€“ dash',
        'Î•Î»Î»Î·Î½Î¹ÎºÎ¬', 'Ø§Ù„Ø¹Ø±Ø¨ÙŠØ©', 'ì•ˆë…•í•˜ì„¸ìš”', 'sÃ³ 100%', 'Ã©', 'Â', 'I â™¥ NY', 'ðŸ˜€ emoji mojibake',
        'fÃ cil', 'Ã s vezes', 'Ã quela', 'Price: 10â‚¬', 'Ãœber', 'Ã\xa0 la carte', 'naÃ¯ve cafÃ©',
        'Â¿QuÃ© pasa?', '\x80 euro as C1', 'C1 \x91quoted\x92 text', 'mixed ok é and Ã© bad', 'Ã' * 3,
        'This is Ã‚Â a space', 'Ã¡rvÃ­ztÅ±rÅ‘ tÃ¼kÃ¶rfÃºrÃ³gÃ©p', 'Ä\x8d ÄŤ', 'Ã¢â‚¬Å“quotedÃ¢â‚¬Â\x9d',
        # HTML entities, and the "<" that switches them off for the rest of the text
        'Rock &amp; Roll', 'Broken text&hellip; it&#x2019;s ﬂubberiﬁc!', 'P&EACUTE;REZ', '&ntilde; &Ntilde; &NTILDE; &nTILDE;',
        'BUNDESSTRA&SZLIG;E', '&#128;&#0;&#x110000;&#xD800;&#59;&#65;&#x41;&#X42;', 'this&not that &amp', '&lt;b&gt;bold&lt;/b&gt;',
        '<b>&amp;</b> stays', 'first &amp; line\n<second> &amp;\nthird &amp;', '&Jscr;ohn &HilbertSpace;ancock', '&#xZZ; &#12ab; &#;',
        '&amp;amp; twice', '&quot;quoted&quot; &apos;s', '&#8220;curly&#8221; &#x201C;', '&nbsp;&nbsp;spaced&nbsp;', '&#13;&#10;lines',
        # curly quotes, ligatures, full-width, line breaks, control characters, terminal escapes
        '“Double” ‘single’ ‛odd‟ ʼmodifier', 'it’s a dog’s life', 'ﬁne ﬂour ﬀ ﬃ ﬄ ﬅ ﬆ Ĳ ĳ ǅ ǈ ǋ', 'ＬＯＵＤ　ＮＯＩＳＥＳ ｆｕｌｌ１２３',
        'ﾊﾝｶｸ ｶﾀｶﾅ halfwidth', 'line one\r\nline two\rthree\u2028four\u2029five', 'tab\there\x0bvt\x0cff',
        'nul\x00byte bell\x07 esc\x1b del\x7f', 'unit\x1fsep\x1crecord', '\x1b[36;44mcolour\x1b[0m reset', '\ufeffBOM at start and \ufeffinside',
        'zero\u200bwidth joiner\u200d non\u200cjoiner', 'arabic\u206acontrol', 'interlinear\ufff9a\ufffab\ufffb obj\ufffc',
        'nbsp\xa0and\u2009thin\u3000ideographic\u202fnarrow', 'next\x85line',
        # combining marks and normalisation
        'e\u0301 composed', 'A\u030a ring and \u212b angstrom', 'cafe\u0301 vs café', 'ḱ\u0323 order', 'Hangul \u1100\u1161\u11a8',
        'İstanbul ΣΟΦΟΣ ΟΔΟΣ', 'ß ẞ straße', 'ǅemal', 'ﬃx',
        # emoji and astral characters
        'emoji 😀🎉 👍🏽 family 👨‍👩‍👧 flag 🇫🇷 tag 🏴󠁧󠁢󠁷󠁬󠁳󠁿', '𝒥ohn 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 math', '😀' * 40,
        # special tokens written in the caption, exact and after cleaning
        'a photo <|endoftext|> of a cat', '<|startoftext|>start', 'end<|endoftext|>', '!!<|endoftext|>after punctuation',
        'case <|EndOfText|> variant', '!!<|EndOfText|> after punctuation', '&lt;|endoftext|&gt; escaped', 'x&lt;|endoftext|&gt;',
        'Ã©<|endoftext|>Ã©', '<|endoftext|<|endoftext|>>',
        # whitespace only, empty, contractions, numbers
        '', ' ', '\n\n', '\t \r\n', "don't it's we're they've I'm you'll he'd", "DON'T IT'S", '1234567890 3.14 ½ ² ٣',
        # very long: many tokens, mojibake at the start and after 10k characters, a long line break run
        ' '.join(['CafÃ©'] * 100), 'start ' + 'word ' * 3000 + 'CafÃ© end', 'a' * 5000, ('x\n' * 3000) + 'Ã©',
        'Ã©' * 2000,
    ]


def fuzz_texts(n=1000, seed=21):
    """Seeded random texts made of pieces the fixers react to: real words' UTF-8 read through ftfy's code pages (once
    or twice, with A0 sometimes turned into a space), HTML entities, whitespace, controls, quotes, combining marks."""
    import random
    rnd = random.Random(seed)
    words = ['café', 'naïve', 'über', 'Zürich', 'привет', 'Ελλάδα', '中文', '😀', '—', '“quote”', 'ß', 'Ñandú', 'à', 'Å',
             '…', '€5', '½', '™', '®', 'İ', 'ǅ', 'ﬁ', 'Ａ', 'ｶ']
    encs = ['sloppy-windows-1252', 'latin-1', 'sloppy-windows-1251', 'sloppy-windows-1250', 'sloppy-windows-1253',
            'sloppy-windows-1254', 'sloppy-windows-1257', 'macroman', 'cp437', 'iso-8859-2']
    ents = ['&amp;', '&lt;', '&gt;', '&quot;', '&#39;', '&#x2019;', '&hellip;', '&nbsp;', '&EACUTE;', '&#128;', '&#0;',
            '&#xD800;', '&bogus;', '&amp', '&#65', '&#x1F600;']
    misc = [' ', '  ', '\n', '\r\n', '\t', '\xa0', '\u2028', '\x85', '\x00', '\x1b[31m', '\ufeff', '\u200b', '\x1a',
            '\ufffd', '?', '<', 'a', 'Z', '.', ',', "'", '-', '\u0301', '\x80', '\x9d', 'Ã', 'Â', 'â', '€', '™']

    def piece():
        r = rnd.random()
        if r < 0.4:
            w, enc = rnd.choice(words), rnd.choice(encs)
            b = w.encode('utf-8')
            if rnd.random() < 0.3:
                b = b.decode('sloppy-windows-1252').encode('utf-8')
            try:
                t = b.decode(enc)
            except UnicodeDecodeError:
                return w
            return t.replace('\xa0', ' ') if rnd.random() < 0.2 else t
        if r < 0.55:
            return rnd.choice(ents)
        return rnd.choice(words) if r < 0.7 else rnd.choice(misc)

    return [''.join(piece() for _ in range(rnd.randint(1, 30))) for _ in range(n)]


def mojibake(text):
    """Damaged forms of a real caption: how its UTF-8 bytes read in other code pages, with ftfy's sloppy codecs."""
    out = []
    raw = text.encode('utf-8')
    for enc in ('sloppy-windows-1252', 'latin-1', 'sloppy-windows-1251', 'sloppy-windows-1250', 'macroman', 'cp437', 'iso-8859-2'):
        try:
            out.append(raw.decode(enc))
        except UnicodeDecodeError:
            pass
    w = raw.decode('sloppy-windows-1252')
    out.append(w.replace('\xa0', ' '))                        # A0 turned into a space
    out.append(w.encode('utf-8').decode('sloppy-windows-1252'))  # damaged twice
    out.append(text + ' ' + w)                                # mixed: one good half, one bad
    return out


def compare_ftfy(folder, texts, fixed):
    """Prints where the ftfy package in `folder` (another version) fixes `texts` differently from this one."""
    code = ('import json, sys; sys.path.insert(0, sys.argv[1]); import ftfy; texts = json.load(sys.stdin); '
            'json.dump([ftfy.__version__, [ftfy.fix_text(t) for t in texts]], sys.stdout)')
    run = subprocess.run([sys.executable, '-c', code, folder], input=json.dumps(texts), capture_output=True, text=True, check=True)
    version, other = json.loads(run.stdout)
    differ = [(t, a, b) for t, a, b in zip(texts, other, fixed) if a != b]
    print(f'ftfy {version} (from {folder}) vs {ftfy.__version__}: fix_text differs on {len(differ)} of {len(texts)} texts')
    for t, a, b in differ:
        print(f'  {t[:90]!r}\n    {version}: {a[:90]!r}\n    {ftfy.__version__}: {b[:90]!r}')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--shared', default=os.path.join(ROOT, '..', 'shared'))
    ap.add_argument('--compare-ftfy', metavar='DIR', help='a folder holding another ftfy package to compare with')
    args = ap.parse_args()
    vocab, merges = load_vocabulary(args.shared)
    tok = SlowClipTokenizer(vocab, merges)
    sample_file = 'laion/laion400m-sample-10000.parquet'
    captions = pq.read_table(os.path.join(args.shared, 'data', sample_file), columns=['TEXT']).column('TEXT').to_pylist()
    assert len(captions) == 10000 and all(isinstance(c, str) for c in captions)

    non_ascii = [c for c in captions if not c.isascii()]
    adversarial = hand_made() + [m for c in non_ascii[:40] for m in mojibake(c)]
    adv = [{'text': t, 'fixed': ftfy.fix_text(t), 'ids': tok(t)} for t in adversarial]
    idhash = lambda ids: hashlib.sha1(','.join(map(str, ids)).encode()).hexdigest()[:10]  # noqa: E731
    fuzz = [[t, ftfy.fix_text(t), idhash(tok(t))] for t in fuzz_texts()]

    hashes, fixed, naive_differs = [], [], []
    for row, text in enumerate(captions):
        ids = tok(text)
        hashes.append(idhash(ids))
        f = ftfy.fix_text(text)
        if f != text:
            fixed.append([row, f, ids])
        # tokenizer.json alone: NFC, whitespace runs to one space, lower case, then the same split and BPE
        naive = unicodedata.normalize('NFC', text)
        naive = re.sub(r'\s+', ' ', naive).lower()
        saved, tok.fix_text = tok.fix_text, (lambda t: t)
        if tok(naive) != ids:
            naive_differs.append(row)
        tok.fix_text = saved

    golden = {
        'reference': 'transformers 4.27 slow CLIPTokenizer (transcribed in scripts/make-tokenizer-goldens.py), truncation to 77',
        'ftfy': ftfy.__version__, 'regex': re.__version__, 'python': sys.version.split()[0], 'unicode': unicodedata.unidata_version,
        'adversarial': adv,
        'fuzz': fuzz,
        'sample': {'file': sample_file, 'count': len(captions), 'hash': ''.join(hashes), 'fixed': fixed, 'naiveDiffers': naive_differs},
    }
    if args.compare_ftfy:
        compare_ftfy(args.compare_ftfy, captions, [ftfy.fix_text(c) for c in captions])
        compare_ftfy(args.compare_ftfy, adversarial, [a['fixed'] for a in adv])
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with gzip.GzipFile(OUT, 'wb', mtime=0) as f:
        f.write(json.dumps(golden, ensure_ascii=False, separators=(',', ':')).encode('utf-8'))
    print(f'wrote {OUT} ({os.path.getsize(OUT)} bytes): {len(adv)} adversarial, {len(fuzz)} fuzz, {len(captions)} captions, '
          f'{len(fixed)} changed by ftfy.fix_text, {len(naive_differs)} ({len(naive_differs) / len(captions):.2%}) whose ids differ '
          f'from tokenizer.json-style normalisation (NFC, whitespace, lower case) alone')


if __name__ == '__main__':
    main()
