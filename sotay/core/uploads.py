"""Uploaded files: judged by their content (never the name), size-limited, kept in private storage outside the
web root and served only by access-checked views.

`check_upload` returns the clean name and the kind, or raises a ValidationError on "file" with a Vietnamese
message — an .exe renamed .pdf, an empty file or one over ``settings.UPLOAD_MAX_BYTES`` (20 MB by default) is
refused before anything is stored. Two kinds of hostile file are refused too:

- a zip-based file (DOCX, XLSX) whose entries declare more than ``settings.UPLOAD_MAX_UNCOMPRESSED_BYTES``
  (100 MB by default) or a compression ratio over ``settings.UPLOAD_MAX_ZIP_RATIO`` (100): a decompression bomb
  (`check_zip`; readers must still stream with `read_zip_member`, since declared sizes can lie);
- a PDF that runs something when opened: JavaScript, a Launch action or an embedded file (`check_pdf`).

`PrivateStorage(area)` keeps files under ``settings.PRIVATE_ROOT`` (var/private by default), in a folder per area;
no URL maps to it.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

from sotay.lib.vntext import nfc

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
DEFAULT_MAX_ZIP_RATIO = 100
MAX_ZIP_ENTRIES = 10_000
RATIO_FLOOR = 2 * 1024 * 1024  # a small archive may compress very well (an empty sheet): the ratio counts above this
MAX_PDF_OBJECTS = 500_000
KINDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "pdf": ("application/pdf", (".pdf",)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",)),
    "doc": ("application/msword", (".doc",)),
    "jpeg": ("image/jpeg", (".jpg", ".jpeg")),
    "png": ("image/png", (".png",)),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",)),
    "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", (".pptx",)),
    "odt": ("application/vnd.oasis.opendocument.text", (".odt",)),
    # Old Office files share one container (OLE2): the name tells a sheet or slides from a Word file.
    "xls": ("application/vnd.ms-excel", (".xls",)),
    "ppt": ("application/vnd.ms-powerpoint", (".ppt",)),
}
SCANS = ("pdf", "jpeg", "png", "docx", "doc")  # what a signed paper form is uploaded as
MATERIALS = (*SCANS, "xlsx", "pptx", "odt", "xls", "ppt")  # what is handed out at a meeting
_OLE_BY_EXTENSION = {".xls": "xls", ".ppt": "ppt"}


def sniff(data: bytes, name: str = "") -> str | None:
    """The kind of file from its first bytes: "pdf", "docx", "xlsx", "pptx", "odt", "doc" (or "xls", "ppt" when
    `name` says so: the three share one container), "jpeg", "png" or None."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return _OLE_BY_EXTENSION.get(Path(name).suffix.lower(), "doc")
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                names = set(z.namelist())
                if "word/document.xml" in names:
                    return "docx"
                if "xl/workbook.xml" in names:
                    return "xlsx"
                if "ppt/presentation.xml" in names:
                    return "pptx"
                if "mimetype" in names and "content.xml" in names:
                    with z.open("mimetype") as f:
                        mimetype = f.read(100)
                    return "odt" if mimetype == b"application/vnd.oasis.opendocument.text" else None
                return None
        except (zipfile.BadZipFile, ValueError, OSError):
            return None
    return None


def max_bytes() -> int:
    return int(getattr(settings, "UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))


def max_uncompressed_bytes() -> int:
    return int(getattr(settings, "UPLOAD_MAX_UNCOMPRESSED_BYTES", DEFAULT_MAX_UNCOMPRESSED_BYTES))


def max_zip_ratio() -> float:
    return float(getattr(settings, "UPLOAD_MAX_ZIP_RATIO", DEFAULT_MAX_ZIP_RATIO))


def _mb(n: float) -> float:
    return round(n / 1048576, 1)


class TooLarge(ValueError):
    """Reading went past a hard cap; the message is Vietnamese and says which."""


def check_zip(name: str, data: bytes) -> None:
    """Refuse a zip (DOCX, XLSX…) whose declared sizes show a decompression bomb; ValidationError on "file"."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise ValidationError({"file": _("Tệp “%(n)s” bị hỏng (không đọc được cấu trúc nén).") % {"n": name}}) from exc
    if len(infos) > MAX_ZIP_ENTRIES:
        raise ValidationError(
            {"file": _("Tệp “%(n)s” chứa %(c)s thành phần, quá nhiều với một văn bản.") % {"n": name, "c": len(infos)}}
        )
    declared = sum(max(0, i.file_size) for i in infos)
    compressed = sum(max(0, i.compress_size) for i in infos) or 1
    limit = max_uncompressed_bytes()
    if declared > limit:
        raise ValidationError(
            {
                "file": _(
                    "Tệp “%(n)s” khi giải nén lớn %(s)s MB, vượt giới hạn %(l)s MB: tệp này có thể là “bom nén”, "
                    "không nhận."
                )
                % {"n": name, "s": _mb(declared), "l": _mb(limit)}
            }
        )
    ratio = declared / compressed
    if declared > RATIO_FLOOR and ratio > max_zip_ratio():
        raise ValidationError(
            {
                "file": _(
                    "Tệp “%(n)s” nén với tỉ lệ %(r)s:1, bất thường với một văn bản: tệp này có thể là “bom nén”, "
                    "không nhận."
                )
                % {"n": name, "r": int(ratio)}
            }
        )


def read_zip_member(z: zipfile.ZipFile, member: str, *, limit: int | None = None, chunk: int = 65536):
    """A file object over one entry of `z` that raises TooLarge once more than `limit` bytes come out, whatever the
    entry declares (declared sizes can lie)."""
    return CappedReader(z.open(member), max_uncompressed_bytes() if limit is None else limit)


class CappedReader(io.RawIOBase):
    """Reads from `raw` and raises TooLarge when more than `limit` bytes have been read."""

    def __init__(self, raw, limit: int):
        self.raw, self.limit, self.count = raw, limit, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.raw.read(min(len(buffer), 65536))
        self.count += len(data)
        if self.count > self.limit:
            raise TooLarge(
                _("Nội dung giải nén vượt giới hạn %(l)s MB: tệp này có thể là “bom nén”.") % {"l": _mb(self.limit)}
            )
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self.raw.close()
        super().close()


# Names that make a PDF do something by itself: run a script, start a program, carry another file.
_PDF_ACTIVE = ("/JS", "/JavaScript", "/Launch", "/EmbeddedFile", "/EmbeddedFiles", "/EF", "/RichMedia")


_PDF_ACTIVE_BYTES = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFiles?|EF|RichMedia)(?![A-Za-z0-9])")


def check_pdf(name: str, data: bytes, *, strict: bool = True) -> None:
    """Refuse a PDF with JavaScript (in /OpenAction or anywhere), a /Launch action or an embedded file, found by
    walking its objects with pypdf (the objects may sit in compressed object streams, so the raw bytes are not
    enough); ValidationError on "file". A PDF pypdf cannot read is refused too, unless ``strict=False``: then only
    its raw bytes are searched for those names."""
    from pypdf import PdfReader
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

    refused = ValidationError(
        {
            "file": _(
                "Tệp “%(n)s” có chứa mã chạy tự động (JavaScript, lệnh mở chương trình hoặc tệp nhúng), không nhận. "
                "Hãy in lại ra PDF thường rồi tải lên."
            )
            % {"n": name}
        }
    )
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ValidationError(
                {"file": _("Tệp “%(n)s” được đặt mật khẩu: hãy bỏ mật khẩu rồi tải lên.") % {"n": name}}
            )
        seen: set[tuple[int, int]] = set()
        stack = [reader.trailer]
        walked = 0
        while stack:
            obj = stack.pop()
            if isinstance(obj, IndirectObject):
                key = (obj.idnum, obj.generation)
                if key in seen:
                    continue
                seen.add(key)
                obj = obj.get_object()
            walked += 1
            if walked > MAX_PDF_OBJECTS:
                raise ValidationError({"file": _("Tệp “%(n)s” quá phức tạp để kiểm tra.") % {"n": name}})
            if isinstance(obj, DictionaryObject):
                for k, v in obj.items():
                    if k in _PDF_ACTIVE:
                        raise refused
                    if k == "/S" and isinstance(v, NameObject) and v in ("/JavaScript", "/Launch"):
                        raise refused
                    stack.append(v)
            elif isinstance(obj, ArrayObject):
                stack.extend(obj)
    except ValidationError:
        raise
    except Exception as exc:  # pypdf raises many kinds on a damaged file
        if not strict:
            if _PDF_ACTIVE_BYTES.search(data):
                raise refused from exc
            return
        raise ValidationError({"file": _("Không đọc được tệp “%(n)s”: tệp PDF bị hỏng.") % {"n": name}}) from exc


def check_content(name: str, data: bytes, *, strict_pdf: bool = True) -> None:
    """The checks of content every upload gets, whatever its kind: zip bombs, PDFs with active content."""
    if data.startswith(b"PK\x03\x04"):
        check_zip(name, data)
    elif data.startswith(b"%PDF-"):
        check_pdf(name, data, strict=strict_pdf)


def check_upload(name: str, data: bytes, *, allowed: tuple[str, ...] = SCANS) -> tuple[str, str, str]:
    """(clean name, kind, content type) of an acceptable upload; ValidationError on "file" otherwise."""
    name = nfc(Path(name or "").name)[:200] or "tep"
    limit = max_bytes()
    if not data:
        raise ValidationError({"file": _("Tệp rỗng.")})
    if len(data) > limit:
        raise ValidationError(
            {
                "file": _("Tệp “%(n)s” lớn %(s)s MB, vượt giới hạn %(l)s MB.")
                % {"n": name, "s": round(len(data) / 1048576, 1), "l": round(limit / 1048576, 1)}
            }
        )
    if data.startswith(b"PK\x03\x04"):
        check_zip(name, data)  # before anything opens the archive further
    kind = sniff(data, name)
    if kind not in allowed:
        labels = ", ".join(k.upper() for k in allowed)
        raise ValidationError(
            {
                "file": _("Tệp “%(n)s” không phải %(k)s (xét theo nội dung tệp, không theo tên).")
                % {"n": name, "k": labels}
            }
        )
    if kind == "pdf":
        check_pdf(name, data)
    content_type, extensions = KINDS[kind]
    if not name.lower().endswith(extensions):
        name = f"{Path(name).stem}{extensions[0]}"
    return name, kind, content_type


@deconstructible
class PrivateStorage(FileSystemStorage):
    """Files of one area under PRIVATE_ROOT; the root is read at each use, so tests can point it elsewhere."""

    def __init__(self, area: str = ""):
        self.area = area
        super().__init__()

    @property
    def base_location(self) -> str:
        root = getattr(settings, "PRIVATE_ROOT", None) or settings.VAR_DIR / "private"
        return str(Path(root) / self.area)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None

    def __eq__(self, other) -> bool:
        return isinstance(other, PrivateStorage) and other.area == self.area


def check_uploaded_file(upload, *, allowed: tuple[str, ...] = SCANS) -> tuple[str, str, str, bytes]:
    """`check_upload` for a Django UploadedFile: its size is judged before it is read into memory. Returns the clean
    name, the kind, the content type and the bytes; ValidationError on "file"."""
    name = nfc(Path(upload.name or "").name)[:200] or "tep"
    limit = max_bytes()
    size = getattr(upload, "size", None) or 0
    if size > limit:
        raise ValidationError(
            {
                "file": _("Tệp “%(n)s” lớn %(s)s MB, vượt giới hạn %(l)s MB.")
                % {"n": name, "s": round(size / 1048576, 1), "l": round(limit / 1048576, 1)}
            }
        )
    upload.seek(0)
    data = upload.read(limit + 1)
    upload.seek(0)
    clean_name, kind, content_type = check_upload(name, data, allowed=allowed)
    return clean_name, kind, content_type, data
