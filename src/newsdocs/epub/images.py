"""Images in the edition: only the EPUB core image types go in; others are converted to PNG.

EPUB reading systems must show PNG, JPEG, GIF, SVG and WebP, and nothing else. A photo desk's
TIFF or a BMP screenshot is converted losslessly to PNG with Pillow; a file Pillow cannot read
is refused with a message at the article's line. The type is read from the file's first bytes,
not its name, so a JPEG saved as ``.png`` is caught too (EPUBCheck would reject the book).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PIL import Image, ImageFile, UnidentifiedImageError

SUFFIX_MEDIA_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".svg": "image/svg+xml",
    ".webp": "image/webp",
}


_PILLOW_ERRORS = (OSError, UnidentifiedImageError, ValueError, Image.DecompressionBombError)


class ImageConversionError(Exception):
    """The image is not of a core type and could not be converted; says why."""


def sniff_media_type(path: Path) -> str | None:
    """The core media type the file really is, or None when it is none of them."""
    with path.open("rb") as stream:
        # An SVG may open with a long comment or DOCTYPE before its <svg>.
        head = stream.read(16384)
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if path.suffix.lower() == ".svg" and b"<svg" in head:
        return "image/svg+xml"
    return None


def file_media_type(path: Path) -> str | None:
    """The media type to declare for ``path`` in the book, or None if it must be converted:
    the file's content and its name must agree (EPUBCheck compares them)."""
    sniffed = sniff_media_type(path)
    if sniffed is None or SUFFIX_MEDIA_TYPES.get(path.suffix.lower()) != sniffed:
        return None
    return sniffed


def describe_format(path: Path) -> str:
    """``a TIFF image``, or the file's suffix when Pillow does not know the format either."""
    try:
        with _open(path) as image:
            if image.format:
                return f"a {image.format} image"
    except _PILLOW_ERRORS:
        pass
    suffix = path.suffix.lower()
    return f"a {suffix} file" if suffix else "a file of unknown type"


def convert_to_png(source: Path, target: Path) -> None:
    """Write ``source`` as a PNG (first frame, colours kept, transparency kept)."""
    try:
        with _open(source) as image:
            image.seek(0)
            converted: Image.Image = image
            if image.mode == "CMYK" or image.mode.startswith(("I;16", "F")):
                converted = image.convert("RGB")
            elif image.mode not in ("1", "L", "LA", "P", "RGB", "RGBA", "I"):
                converted = image.convert("RGBA")
            target.parent.mkdir(parents=True, exist_ok=True)
            converted.save(target, format="PNG", optimize=True)
    except _PILLOW_ERRORS as error:
        target.unlink(missing_ok=True)
        raise ImageConversionError(_reason(error)) from None


def check_convertible(source: Path) -> None:
    """Raise ImageConversionError now if ``source`` cannot be converted later."""
    try:
        with _open(source) as image:
            image.verify()
    except _PILLOW_ERRORS as error:
        raise ImageConversionError(_reason(error)) from None


@contextmanager
def _open(path: Path) -> Iterator[ImageFile.ImageFile]:
    """Open with Pillow, without its warnings about odd files (errors still raise)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with Image.open(path) as image:
            yield image


def _reason(error: Exception) -> str:
    if isinstance(error, UnidentifiedImageError):
        return "Pillow does not recognise its contents"
    if isinstance(error, Image.DecompressionBombError):
        return "it is too large to convert safely"
    return str(error) or type(error).__name__
