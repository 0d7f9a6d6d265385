"""What an OLE compound file (CFB, the container of .doc, .xls, .wps and of
password-protected .docx) holds, told from its directory alone.

Only the header, the FAT and the directory are read, plus the first sector
of the Word stream when there is one; every chain walk is bounded by the
file's sector count and stops on a loop, so a hostile file costs at most one
pass over its bytes. Nothing is decrypted or decompressed.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import Literal

MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_END_OF_CHAIN = 0xFFFFFFFE
_MAX_REGULAR_SECTOR = 0xFFFFFFFA
_HEADER_DIFAT_ENTRIES = 109
_DIR_ENTRY_BYTES = 128
_MAX_DIR_ENTRIES = 65_536  # real Office files have a few dozen
_WORD_IDENT = 0xA5EC
_FIB_ENCRYPTED = 0x0100

OleKind = Literal["encrypted-ooxml", "word", "word-encrypted", "works", "excel", "powerpoint", "other"]


class OleError(ValueError):
    """The compound file's structure is broken."""


@dataclass(frozen=True)
class OleEntry:
    name: str
    kind: int  # 1 storage, 2 stream, 5 root
    start: int
    size: int


class _Compound:
    def __init__(self, data: bytes) -> None:
        if len(data) < 512 or not data.startswith(MAGIC):
            raise OleError("shorter than a compound-file header")
        self.data = data
        (sector_shift,) = struct.unpack_from("<H", data, 0x1E)
        if sector_shift not in (9, 12):
            raise OleError(f"sector shift {sector_shift}")
        self.sector_size = 1 << sector_shift
        (mini_shift,) = struct.unpack_from("<H", data, 0x20)
        self.mini_sector_size = 1 << min(mini_shift, 12)
        (self.dir_start,) = struct.unpack_from("<I", data, 0x30)
        (self.mini_cutoff,) = struct.unpack_from("<I", data, 0x38)
        (difat_start, difat_count) = struct.unpack_from("<II", data, 0x44)
        self.sector_count = max(0, (len(data) - self.sector_size) // self.sector_size)
        self.fat = self._read_fat(difat_start, difat_count)

    def _sector(self, index: int) -> bytes:
        if index >= self.sector_count:
            raise OleError(f"sector {index} beyond the end of the file")
        offset = (index + 1) * self.sector_size
        return self.data[offset : offset + self.sector_size]

    def _read_fat(self, difat_start: int, difat_count: int) -> bytes:
        fat_sectors = [
            s
            for s in struct.unpack_from(f"<{_HEADER_DIFAT_ENTRIES}I", self.data, 0x4C)
            if s <= _MAX_REGULAR_SECTOR
        ]
        per_sector = self.sector_size // 4
        seen: set[int] = set()
        sector = difat_start
        while sector <= _MAX_REGULAR_SECTOR and len(seen) < min(difat_count, self.sector_count):
            if sector in seen:
                raise OleError("DIFAT chain loops")
            seen.add(sector)
            entries = struct.unpack(f"<{per_sector}I", self._sector(sector))
            fat_sectors.extend(s for s in entries[:-1] if s <= _MAX_REGULAR_SECTOR)
            sector = entries[-1]
        # Kept as bytes, not a list of ints: a large file has millions of entries.
        return b"".join(self._sector(index) for index in fat_sectors[: self.sector_count])

    def chain(self, start: int, max_sectors: int) -> list[int]:
        """The sectors of a chain, in order; bounded and loop-safe."""
        sectors: list[int] = []
        seen: set[int] = set()
        sector = start
        while sector <= _MAX_REGULAR_SECTOR:
            if sector in seen or sector * 4 >= len(self.fat) or len(sectors) >= max_sectors:
                raise OleError("broken sector chain")
            seen.add(sector)
            sectors.append(sector)
            (sector,) = struct.unpack_from("<I", self.fat, sector * 4)
        if sector != _END_OF_CHAIN:
            raise OleError("sector chain ends without an end mark")
        return sectors

    def entries(self) -> list[OleEntry]:
        max_sectors = _MAX_DIR_ENTRIES * _DIR_ENTRY_BYTES // self.sector_size
        raw = b"".join(self._sector(s) for s in self.chain(self.dir_start, max_sectors))
        found: list[OleEntry] = []
        for offset in range(0, len(raw) - _DIR_ENTRY_BYTES + 1, _DIR_ENTRY_BYTES):
            name_len, kind = struct.unpack_from("<HB", raw, offset + 0x40)
            if kind not in (1, 2, 5) or not 2 <= name_len <= 64:
                continue
            name = raw[offset : offset + name_len - 2].decode("utf-16-le", "replace")
            start, size = struct.unpack_from("<IQ", raw, offset + 0x74)
            found.append(OleEntry(name=name, kind=kind, start=start, size=size))
        return found

    def stream_head(self, entry: OleEntry, root: OleEntry | None) -> bytes:
        """The first bytes (at most one sector) of a stream."""
        if entry.size >= self.mini_cutoff or root is None:
            return self._sector(entry.start)[: entry.size]
        # A small stream lives in the mini stream, itself a chain of sectors.
        position = entry.start * self.mini_sector_size
        container = self.chain(root.start, self.sector_count)
        index, within = divmod(position, self.sector_size)
        if index >= len(container):
            raise OleError("mini stream shorter than its streams")
        head = self._sector(container[index])[within : within + self.mini_sector_size]
        return head[: entry.size]


def classify(data: bytes) -> OleKind:
    """What kind of Office file a compound file is; raises OleError when broken."""
    try:
        compound = _Compound(data)
        entries = compound.entries()
        names = {e.name for e in entries if e.kind in (1, 2)}
        if "EncryptedPackage" in names:
            return "encrypted-ooxml"
        if "WordDocument" in names:
            root = next((e for e in entries if e.kind == 5), None)
            word = next(e for e in entries if e.name == "WordDocument")
            return "word-encrypted" if _fib_encrypted(compound.stream_head(word, root)) else "word"
    except struct.error as exc:
        raise OleError(str(exc)) from exc
    if "Workbook" in names or "Book" in names:
        return "excel"
    if "PowerPoint Document" in names:
        return "powerpoint"
    if "CONTENTS" in names or "MatOST" in names:
        return "works"  # Microsoft Works word processor (.wps)
    return "other"


def _fib_encrypted(head: bytes) -> bool:
    """Word's file information block: ``wIdent`` then ``fEncrypted`` in the flags."""
    if len(head) < 12:
        raise OleError("WordDocument stream too short")
    ident, flags = struct.unpack_from("<H8xH", head, 0)
    if ident != _WORD_IDENT:
        raise OleError("WordDocument stream has no Word header")
    return bool(flags & _FIB_ENCRYPTED)
