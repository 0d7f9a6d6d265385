"""A minimal writer of OLE compound files (CFB version 3), for test inputs.

Enough structure for any CFB reader: header, one FAT sector, a directory
chain, and streams stored in regular sectors (each padded to the 4096-byte
mini-stream cutoff, so no mini stream is needed). Written from the format's
published description, independent of the reader under test.
"""

from __future__ import annotations

import struct

SECTOR = 512
FREE, END_OF_CHAIN, FAT_SECTOR = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
NO_STREAM = 0xFFFFFFFF
MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MINI_CUTOFF = 4096


def _dir_entry(name: str, kind: int, start: int, size: int, child: int, right: int) -> bytes:
    encoded = name.encode("utf-16-le") + b"\x00\x00"
    return (
        encoded.ljust(64, b"\x00")
        + struct.pack("<HBB", len(encoded), kind, 1)  # length, type, colour (black)
        + struct.pack("<III", NO_STREAM, right, child)  # left, right sibling, child
        + b"\x00" * 16  # CLSID
        + b"\x00" * 4  # state bits
        + b"\x00" * 16  # creation and modification times
        + struct.pack("<IQ", start, size)
    )


def compound_file(streams: dict[str, bytes]) -> bytes:
    """A compound file holding ``streams`` at its root, in the given order."""
    padded = {name: data.ljust(MINI_CUTOFF, b"\x00") for name, data in streams.items()}
    entries = 1 + len(padded)
    dir_sectors = -(-entries * 128 // SECTOR)
    # Sector 0: the FAT; then the directory; then each stream's sectors.
    fat = [FAT_SECTOR]
    fat += [*range(2, dir_sectors + 1), END_OF_CHAIN]
    starts: list[int] = []
    next_sector = 1 + dir_sectors
    for data in padded.values():
        count = -(-len(data) // SECTOR)
        starts.append(next_sector)
        fat += [*range(next_sector + 1, next_sector + count), END_OF_CHAIN]
        next_sector += count
    if len(fat) > SECTOR // 4:
        raise ValueError("streams too large for a single FAT sector")
    fat += [FREE] * (SECTOR // 4 - len(fat))

    directory = _dir_entry("Root Entry", 5, END_OF_CHAIN, 0, 1 if padded else NO_STREAM, NO_STREAM)
    for index, (name, data) in enumerate(padded.items()):
        right = index + 2 if index + 1 < len(padded) else NO_STREAM
        directory += _dir_entry(name, 2, starts[index], len(data), NO_STREAM, right)
    directory = directory.ljust(dir_sectors * SECTOR, b"\x00")

    header = (
        MAGIC
        + b"\x00" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)  # minor, major, byte order, shifts
        + b"\x00" * 6
        + struct.pack("<III", 0, 1, 1)  # directory sectors (v3: 0), FAT sectors, dir start
        + struct.pack("<III", 0, MINI_CUTOFF, END_OF_CHAIN)  # txn, cutoff, mini FAT start
        + struct.pack("<III", 0, END_OF_CHAIN, 0)  # mini FAT count, DIFAT start, DIFAT count
        + struct.pack("<I", 0)
        + struct.pack("<108I", *([FREE] * 108))
    )
    assert len(header) == SECTOR
    body = struct.pack(f"<{SECTOR // 4}I", *fat) + directory
    body += b"".join(data.ljust(-(-len(data) // SECTOR) * SECTOR, b"\x00") for data in padded.values())
    return header + body


def word_stream(encrypted: bool = False) -> bytes:
    """The start of a Word 97-2003 ``WordDocument`` stream: its file information block."""
    flags = 0x0100 if encrypted else 0
    return struct.pack("<HHHHHH", 0xA5EC, 0x00C1, 0, 0x0804, 0, flags) + b"\x00" * 1024
