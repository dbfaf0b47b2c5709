"""Draw the app icons of the installable library (static/documents/icon-192.png, icon-512.png) with Pillow:
a gold star on the party red, as icon.svg. Run `python -m sotay.documents.icons` to regenerate them."""

from __future__ import annotations

import math
from pathlib import Path

STATIC = Path(__file__).resolve().parents[2] / "static" / "documents"


def draw(size: int):
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle((0, 0, size - 1, size - 1), radius=size * 3 // 16, fill=(163, 21, 27, 255))
    cx, cy, outer = size / 2, size * 0.53, size * 0.33
    inner = outer * 0.382
    points = []
    for i in range(10):
        r = outer if i % 2 == 0 else inner
        angle = -math.pi / 2 + i * math.pi / 5
        points.append((cx + r * math.cos(angle), cy + r * math.sin(angle)))
    pen.polygon(points, fill=(242, 194, 48, 255))
    return image


def main() -> None:
    for size in (192, 512):
        draw(size).save(STATIC / f"icon-{size}.png", optimize=True)


if __name__ == "__main__":
    main()
