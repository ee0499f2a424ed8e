"""Which reports hold a query's words: the index the landing page (and the 404 page) of a site of many
reports searches first, so that a reader's first query loads a few small files and the data of the
reports that can match, not every report's data (at a thousand reports, some 65 MB).

Each report gets a bit set of its search keys (`report_bits`), made where its search data is made and
kept in the build record; the site's index is those bit sets cut into shards (`index_files`), each
shard holding the same slice of every report's set, so a query reads one shard per key. The keys are
what static/search.js matches, so a report the index leaves out cannot hold a match:
- a Chinese run of the query (two or more Han characters) is found as a substring of a unit's Chinese
  (and its extra words): every pair of neighbouring Han characters there is a key ("z" + pair);
- an English word is found where a word starts in the unit's English (and its extra words), lower
  case: the first one, two and three letters or digits of every word there are keys ("e" + them), and
  the page looks up the letters and digits its word begins with, at most three;
- a number is found as its "#value " token among the extra words: every token is a key ("n" + token).
A key sets one bit of 2^16 (the CRC-32 of its UTF-8 bytes, as the page computes it): a report of
8,000 keys sets about 12% of them, so a query of three keys lets through a report without them about
once in 600 (and a query of one key, one in eight: those load a few reports' data for nothing)."""

import hashlib
import re
import zlib

from .search import as_json

INDEX_ABOVE = 8  # reports a site holds before its landing page searches through the index
BITS = 16        # a report's bit set: 2^16 bits, 8 KiB (kept compressed, about 4 KB, in the build record)
WORD = re.compile(r"[a-z0-9]+")  # where one starts, a word starts for the page's search
HAN_RUN = re.compile(r"[\u3400-\u9fff]{2,}")
NUMBER = re.compile(r"#[^ ]* ")


def uses_index(reports):
    return len(reports) > INDEX_ABOVE


def keys_of(data):
    """Every key a unit of the report's search data (search.py) can be found by. The units' texts are
    read joined by line breaks, which no key spans (a key across two would only be one more key)."""
    zh = "\n".join(u[3] + "\n" + u[7] for u in data["u"])
    en = "\n".join(u[4] + " " + u[7] for u in data["u"]).lower()
    numbers = "\n".join(u[7] + " " for u in data["u"])
    keys = {"e" + w[:n] for w in set(WORD.findall(en)) for n in (1, 2, 3)}
    keys.update("z" + run[i:i + 2] for run in set(HAN_RUN.findall(zh)) for i in range(len(run) - 1))
    keys.update("n" + token for token in set(NUMBER.findall(numbers)))
    return keys


def key_hash(key):
    """The CRC-32 of the key's UTF-8 (a lone surrogate as U+FFFD, as the page's TextEncoder writes it)."""
    try:
        raw = key.encode("utf-8")
    except UnicodeEncodeError:
        raw = key.encode("utf-16", "surrogatepass").decode("utf-16", "replace").encode("utf-8")
    return zlib.crc32(raw)


def report_bits(data):
    """The report's bit set, compressed (as the build record keeps it)."""
    bits = bytearray(1 << (BITS - 3))
    mask = (1 << BITS) - 1
    for key in keys_of(data):
        b = key_hash(key) & mask
        bits[b >> 3] |= 1 << (b & 7)
    return zlib.compress(bytes(bits), 6)


def shard_count(reports):
    """One shard per report, from 16 up to 2,048 (32 bits of each report's set): so a shard is 8 KB
    at most, however many reports up to 65,536."""
    n = 16
    while n < min(reports, 1 << (BITS - 5)):
        n *= 2
    return n


INDEX = "search-index"  # the folder of the index's files, at the site's root


def index_files(bit_sets, simplified):
    """{path: bytes} of the site's index, and the path of its first file, `t.<hash>.js`: the number of
    shards, each shard's fingerprint, and the Traditional→Simplified pairs of every report (so a query
    is read as the reports' data reads it). Each shard, `<n>.<hash>.js`, holds the same slice of every
    report's bit set (in `bit_sets`' order, the order the page lists the reports in) as base64. Each file
    is named by its content, so an edit to one report changes the few shards its keys fall in, t.js and
    the pages that name it, and a browser never mixes an old shard with a new list of reports."""
    import base64
    shards = shard_count(len(bit_sets))
    width = (1 << (BITS - 3)) // shards  # bytes of one report in one shard
    sets = [zlib.decompress(b) for b in bit_sets]
    files, names = {}, []
    for j in range(shards):
        data = b"".join(s[j * width:(j + 1) * width] for s in sets)
        script = f'(window.RGX=window.RGX||{{}})[{j}]="{base64.b64encode(data).decode()}";\n'.encode()
        names.append(_fingerprint(script))
        files[f"{INDEX}/{j}.{names[-1]}.js"] = script
    head = f"window.RGT={as_json({'s': shards, 'm': BITS, 'h': names, 't': simplified})};\n".encode("utf-8")
    files[f"{INDEX}/t.{_fingerprint(head)}.js"] = head
    return files, f"{INDEX}/t.{_fingerprint(head)}.js"


def _fingerprint(data):
    return hashlib.sha256(data).hexdigest()[:10]


def simplified_pairs(tables):
    """The Traditional→Simplified pairs of every report's data ("TsTs…"), each pair once, in order."""
    seen = {}
    for table in tables:
        for i in range(0, len(table), 2):
            seen.setdefault(table[i:i + 2], None)
    return "".join(seen)
