"""Zips, written here rather than with zipfile so that they are the same bytes for the same files (no
dates, a fixed order), and so that pages are compressed by the workers that render them (`packed`)."""

import posixpath
import struct
import zlib


def packed(data):
    """A file's bytes and its zip entry (CRC-32, size, raw deflate at level 1: a third of level 9's time,
    for a zip some 13% larger). Workers pack the pages they render, so compressing runs on every core."""
    data = data.encode("utf-8") if isinstance(data, str) else data
    deflate = zlib.compressobj(1, zlib.DEFLATED, -15)
    return data, (zlib.crc32(data), len(data), deflate.compress(data) + deflate.flush())


def zip_of(files, entries, folder=""):
    """`files` (path → bytes) in a zip, under their paths, byte for byte the same for the same files.
    `entries` holds files already packed (path → packed(data)[1]); the others are packed here. Past 65,535 files
    or 4 GiB the zip gets ZIP64 records (as zipfile writes them); below, none. `folder`: the folder
    the files unzip into."""
    local, central, offset = [], [], 0
    for path in sorted(files):
        crc, size, deflated = entries.get(path) or packed(files[path])[1]
        name = posixpath.join(folder, path).encode("utf-8")
        header, record = _zip_headers(name, crc, size, len(deflated), offset)
        central.append(record)
        local += [header, deflated]
        offset += len(header) + len(deflated)
    directory = b"".join(central)
    return b"".join(local) + directory + _zip_end(len(central), len(directory), offset)


_MAX16, _MAX32 = 0xFFFF, 0xFFFFFFFF


def _zip_headers(name, crc, size, compressed, offset):
    """A file's local header and central directory record, with a ZIP64 extra field where a size or
    the offset does not fit in 32 bits."""
    flags = 0 if name.isascii() else 0x800  # bit 11: the name is UTF-8
    big_sizes = size >= _MAX32 or compressed >= _MAX32
    version = 45 if big_sizes or offset >= _MAX32 else 20
    shown = (_MAX32, _MAX32) if big_sizes else (compressed, size)
    common = struct.pack("<HHHHHIII", version, flags, 8, 0, _DOS_1980, crc, *shown)
    local_extra = struct.pack("<HHQQ", 1, 16, size, compressed) if big_sizes else b""
    header = (struct.pack("<I", 0x04034B50) + common + struct.pack("<HH", len(name), len(local_extra)) + name
              + local_extra)
    wide = ([size, compressed] if big_sizes else []) + ([offset] if offset >= _MAX32 else [])
    extra = struct.pack(f"<HH{len(wide)}Q", 1, 8 * len(wide), *wide) if wide else b""
    record = (struct.pack("<IH", 0x02014B50, 0x0300 | version) + common
              + struct.pack("<HHHHHII", len(name), len(extra), 0, 0, 0, 0o100644 << 16, min(offset, _MAX32))
              + name + extra)
    return header, record


def _zip_end(count, size, offset):
    """The end of central directory record, preceded by the ZIP64 end record and locator when needed."""
    if count < _MAX16 and size < _MAX32 and offset < _MAX32:
        return struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, size, offset, 0)
    zip64_end = struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, count, count, size, offset)
    locator = struct.pack("<IIQI", 0x07064B50, 0, offset + size, 1)
    return zip64_end + locator + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, min(count, _MAX16), min(count, _MAX16),
                                             min(size, _MAX32), min(offset, _MAX32), 0)


_DOS_1980 = (0 << 9) | (1 << 5) | 1  # 1980-01-01, the earliest date a zip can hold: no build time inside
