"""Draw the example site's illustrations into site/images/.

Run from anywhere: ``python site/_tools/make_images.py``. Needs Pillow and the DejaVu fonts
(``fonts-dejavu-core`` on Debian and Ubuntu). The output is deterministic: no randomness, no
timestamps, fixed fonts, and each picture is reduced to a fixed palette, so running it again
gives the same bytes with the same Pillow and font versions.

Every picture is drawn at twice its size and scaled down, which smooths the edges of the shapes.
Credits are not drawn into the pictures: the photo directive's :credit: prints them.
"""

from __future__ import annotations

import itertools
import math
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 675
SCALE = 2
W, H = WIDTH * SCALE, HEIGHT * SCALE
COLOURS = 64  # palette size of the PNGs: plenty for flat illustration, small files

OUT = Path(__file__).resolve().parent.parent / "images"
FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/local/share/fonts"),
    Path("/Library/Fonts"),
)

Point = tuple[float, float]
Colour = str | tuple[int, int, int] | tuple[int, int, int, int]


def font(name: str, size: int) -> ImageFont.FreeTypeFont:
    """A DejaVu font at ``size`` output pixels (scaled for the supersampled canvas)."""
    for folder in FONT_DIRS:
        path = folder / name
        if path.is_file():
            return ImageFont.truetype(str(path), size * SCALE)
    sys.exit(f"make_images: font {name} not found; install the DejaVu fonts")


def sans(size: int) -> ImageFont.FreeTypeFont:
    return font("DejaVuSans.ttf", size)


def sans_bold(size: int) -> ImageFont.FreeTypeFont:
    return font("DejaVuSans-Bold.ttf", size)


def serif_bold(size: int) -> ImageFont.FreeTypeFont:
    return font("DejaVuSerif-Bold.ttf", size)


def s(value: float) -> int:
    """A coordinate given in output pixels, on the supersampled canvas."""
    return round(value * SCALE)


def box(x0: float, y0: float, x1: float, y1: float) -> tuple[int, int, int, int]:
    return (s(x0), s(y0), s(x1), s(y1))


def star(cx: float, cy: float, radius: float, angle: float) -> list[tuple[int, int]]:
    """A five-pointed star whose first point is at ``angle`` radians."""
    inner = radius * math.sin(math.radians(18)) / math.sin(math.radians(126))
    points = []
    for index in range(10):
        r = radius if index % 2 == 0 else inner
        a = angle + index * math.pi / 5
        points.append((s(cx + r * math.cos(a)), s(cy + r * math.sin(a))))
    return points


def bezier(p0: Point, p1: Point, p2: Point, steps: int = 80) -> list[Point]:
    """Points along a quadratic Bézier curve."""
    return [
        (
            (1 - t) ** 2 * p0[0] + 2 * (1 - t) * t * p1[0] + t**2 * p2[0],
            (1 - t) ** 2 * p0[1] + 2 * (1 - t) * t * p1[1] + t**2 * p2[1],
        )
        for t in (i / steps for i in range(steps + 1))
    ]


def dashed(
    draw: ImageDraw.ImageDraw, points: Sequence[Point], fill: Colour, width: float, every: int = 3
) -> None:
    """Draw every other run of ``every`` segments of a polyline."""
    for index in range(0, len(points) - 1):
        if (index // every) % 2 == 0:
            a, b = points[index], points[index + 1]
            draw.line([(s(a[0]), s(a[1])), (s(b[0]), s(b[1]))], fill=fill, width=s(width))


def text(
    draw: ImageDraw.ImageDraw,
    xy: Point,
    words: str,
    face: ImageFont.FreeTypeFont,
    fill: Colour,
    anchor: str = "la",
    spacing: float = 0,
) -> None:
    """Text at output-pixel ``xy``; ``spacing`` adds letter spacing in output pixels."""
    if not spacing:
        draw.text((s(xy[0]), s(xy[1])), words, font=face, fill=fill, anchor=anchor)
        return
    total = sum(face.getlength(ch) for ch in words) + s(spacing) * (len(words) - 1)
    x: float = s(xy[0])
    if anchor[0] == "m":
        x -= total / 2
    elif anchor[0] == "r":
        x -= total
    for ch in words:
        draw.text((x, s(xy[1])), ch, font=face, fill=fill, anchor="l" + anchor[1])
        x += face.getlength(ch) + s(spacing)


def chinese_flag(draw: ImageDraw.ImageDraw, x: float, y: float, width: float) -> None:
    """The flag of China on its 30 x 20 construction grid, small stars pointing at the large."""
    unit = width / 30
    draw.rectangle(box(x, y, x + width, y + 20 * unit), fill="#ee1c25")
    yellow = "#ffde00"
    draw.polygon(star(x + 5 * unit, y + 5 * unit, 3 * unit, -math.pi / 2), fill=yellow)
    for gx, gy in ((10, 2), (12, 4), (12, 7), (10, 9)):
        angle = math.atan2(5 - gy, 5 - gx)
        draw.polygon(star(x + gx * unit, y + gy * unit, unit, angle), fill=yellow)


def russian_flag(draw: ImageDraw.ImageDraw, x: float, y: float, width: float) -> None:
    """The flag of Russia: white, blue and red bands, 3:2."""
    band = width * 2 / 3 / 3
    for index, colour in enumerate(("#ffffff", "#0039a6", "#d52b1e")):
        draw.rectangle(box(x, y + index * band, x + width, y + (index + 1) * band), fill=colour)


def flag_shadow(draw: ImageDraw.ImageDraw, x: float, y: float, width: float) -> None:
    draw.rectangle(box(x + 6, y + 6, x + width + 6, y + width * 2 / 3 + 6), fill="#0a1826")


def pin(draw: ImageDraw.ImageDraw, x: float, y: float, colour: Colour) -> None:
    draw.ellipse(box(x - 17, y - 17, x + 17, y + 17), fill="#0f2236")
    draw.ellipse(box(x - 11, y - 11, x + 11, y + 11), fill=colour)
    draw.ellipse(box(x - 4, y - 4, x + 4, y + 4), fill="#0f2236")


def beijing_moscow(draw: ImageDraw.ImageDraw, image: Image.Image) -> None:
    """World: the flags of Russia and China over a stylised globe, Moscow linked to Beijing."""
    draw.rectangle(box(0, 0, WIDTH, HEIGHT), fill="#12263a")
    # The globe: a disc with meridians and parallels, drawn on a layer masked by the disc.
    cx, cy, radius = 600, 1010, 820
    disc = box(cx - radius, cy - radius, cx + radius, cy + radius)
    draw.ellipse(disc, fill="#1b3a57")
    grid = Image.new("RGB", image.size, "#1b3a57")
    grid_draw = ImageDraw.Draw(grid)
    line = "#2f5677"
    for step in range(-6, 7):
        half = abs(math.sin(step * math.pi / 14)) * radius
        grid_draw.ellipse(
            box(cx - half, cy - radius, cx + half, cy + radius), outline=line, width=s(2)
        )
    for band in range(1, 12):
        y = cy - radius + band * radius / 6
        grid_draw.line(box(0, y, WIDTH, y), fill=line, width=s(2))
    mask = Image.new("L", image.size, 0)
    ImageDraw.Draw(mask).ellipse(disc, fill=255)
    image.paste(grid, (0, 0), mask)
    draw.ellipse(disc, outline="#5b86ab", width=s(3))

    moscow, beijing = (330.0, 430.0), (880.0, 470.0)
    arc = bezier(moscow, (605, 235), beijing)
    dashed(draw, arc, "#f2c14e", 5)
    pin(draw, *moscow, "#f2c14e")
    pin(draw, *beijing, "#f2c14e")
    label = sans_bold(26)
    text(draw, (moscow[0], moscow[1] + 36), "MOSCOW", label, "#e8eef4", "ma", spacing=3)
    text(draw, (beijing[0], beijing[1] + 36), "BEIJING", label, "#e8eef4", "ma", spacing=3)

    flag_width = 180
    flag_shadow(draw, moscow[0] - flag_width / 2, 200, flag_width)
    russian_flag(draw, moscow[0] - flag_width / 2, 200, flag_width)
    flag_shadow(draw, beijing[0] - flag_width / 2, 240, flag_width)
    chinese_flag(draw, beijing[0] - flag_width / 2, 240, flag_width)

    text(draw, (60, 52), "CHINA \u2013 RUSSIA", sans_bold(30), "#f2c14e", spacing=4)
    text(draw, (60, 96), "New Year messages, 31 December 2024", sans(24), "#c9d6e2")


def harbor_footbridge(draw: ImageDraw.ImageDraw, image: Image.Image) -> None:
    """Local: the proposed footbridge across the inner harbor at dusk, simplified."""
    sky = ("#f6d7a7", "#f3c892", "#eeb57f", "#e59f72", "#d98a6a")
    band = 330 / len(sky)
    for index, colour in enumerate(sky):
        draw.rectangle(box(0, index * band, WIDTH, (index + 1) * band + 1), fill=colour)
    draw.ellipse(box(820, 180, 940, 300), fill="#fbe8c4")
    # Hills and the old town behind the water.
    draw.polygon(
        [
            (s(x), s(y))
            for x, y in (
                (0, 330),
                (0, 250),
                (180, 205),
                (380, 240),
                (560, 195),
                (760, 238),
                (980, 200),
                (1200, 236),
                (1200, 330),
            )
        ],
        fill="#8f6d74",
    )
    for index in range(14):
        x = 40 + index * 82
        top = 262 + (index * 37) % 45
        draw.rectangle(box(x, top, x + 58, 335), fill="#6e5261" if index % 2 else "#7b5d6b")
        for row in range(int((320 - top) // 22)):
            draw.rectangle(
                box(x + 12, top + 12 + row * 22, x + 22, top + 22 + row * 22), fill="#f4d69a"
            )
    # Water.
    draw.rectangle(box(0, 330, WIDTH, HEIGHT), fill="#3f6f8a")
    for row in range(16):
        y = 350 + row * 21
        offset = (row * 53) % 120
        for x in range(-120 + offset, WIDTH, 190):
            draw.line(box(x, y, x + 70 - row, y), fill="#5b8aa3", width=s(2))
    # The quays.
    draw.polygon(
        [(s(x), s(y)) for x, y in ((0, 430), (150, 430), (190, 675), (0, 675))], fill="#b7a48f"
    )
    draw.polygon(
        [(s(x), s(y)) for x, y in ((1050, 430), (1200, 430), (1200, 675), (1010, 675))],
        fill="#b7a48f",
    )
    # The bridge: a shallow arch, a deck, hangers and a handrail.
    deck = 430
    arch = bezier((150, deck), (600, 210), (1050, deck), 120)
    for a, b in itertools.pairwise(arch):
        draw.line(box(a[0], a[1], b[0], b[1]), fill="#f5f1ea", width=s(9))
    for x in range(190, 1030, 40):
        t = (x - 150) / 900
        hanger_top = (1 - t) ** 2 * deck + 2 * (1 - t) * t * 210 + t**2 * deck
        draw.line(box(x, hanger_top, x, deck), fill="#e9e2d6", width=s(2))
    draw.rectangle(box(150, deck - 3, 1050, deck + 14), fill="#2d3b45")
    draw.line(box(150, deck - 24, 1050, deck - 24), fill="#2d3b45", width=s(3))
    for x in range(160, 1050, 30):
        draw.line(box(x, deck - 24, x, deck - 3), fill="#2d3b45", width=s(2))
    # People crossing.
    for x, tall in ((420, 34), (448, 30), (700, 36), (736, 24)):
        draw.ellipse(box(x - 5, deck - tall - 12, x + 5, deck - tall - 2), fill="#1f2a33")
        draw.rectangle(box(x - 5, deck - tall - 2, x + 5, deck - 3), fill="#1f2a33")
    # Boats under the arch.
    for x, size in ((300, 0.75), (860, 0.6)):
        hull = [
            (x - 70 * size, 540),
            (x + 80 * size, 540),
            (x + 55 * size, 562),
            (x - 50 * size, 562),
        ]
        draw.polygon([(s(px), s(py)) for px, py in hull], fill="#e9e2d6")
        draw.line(box(x, 540, x, 540 - 110 * size), fill="#2d3b45", width=s(3))
        draw.polygon(
            [
                (s(px), s(py))
                for px, py in ((x + 4, 540 - 105 * size), (x + 4, 534), (x + 60 * size, 534))
            ],
            fill="#f8f4ec",
        )


def cannery(draw: ImageDraw.ImageDraw, image: Image.Image) -> None:
    """Business: the old cannery on the quay with its painted sign, and stacked sardine tins."""
    draw.rectangle(box(0, 0, WIDTH, HEIGHT), fill="#cfe3ea")
    for index in range(5):
        draw.ellipse(
            box(80 + index * 260, 60 + (index % 2) * 30, 260 + index * 260, 110 + (index % 2) * 30),
            fill="#e9f2f5",
        )
    # Sawtooth roof and brick front.
    left, right, eaves = 110, 1090, 250
    teeth = 7
    tooth = (right - left) / teeth
    for index in range(teeth):
        x = left + index * tooth
        draw.polygon([(s(x), s(eaves)), (s(x), s(150)), (s(x + tooth), s(eaves))], fill="#5c6b73")
        draw.polygon(
            [(s(x + 4), s(eaves - 4)), (s(x + 4), s(168)), (s(x + 40), s(eaves - 4))],
            fill="#9fc1cf",
        )
    draw.rectangle(box(left, eaves, right, 560), fill="#a4553f")
    for row in range(int((560 - eaves) // 18)):
        y = eaves + row * 18
        draw.line(box(left, y, right, y), fill="#8e4634", width=s(1))
        shift = 0 if row % 2 else 24
        for x in range(left + shift, right, 48):
            draw.line(box(x, y, x, y + 18), fill="#8e4634", width=s(1))
    # The sign board.
    draw.rectangle(box(250, 272, 950, 352), fill="#f3ead8", outline="#2f3a40", width=s(4))
    text(draw, (600, 313), "CALDER BAY CANNING CO.", serif_bold(40), "#2f3a40", "mm", spacing=2)
    # Windows and the loading door.
    for x in (150, 300, 750, 900):
        draw.rectangle(box(x, 385, x + 120, 470), fill="#33454f")
        draw.line(box(x + 60, 385, x + 60, 470), fill="#a4553f", width=s(4))
        draw.line(box(x, 427, x + 120, 427), fill="#a4553f", width=s(4))
    draw.rectangle(box(505, 380, 695, 560), fill="#2c6e7f")
    for y in range(392, 560, 16):
        draw.line(box(505, y, 695, y), fill="#245b69", width=s(3))
    # Quay and water.
    draw.rectangle(box(0, 560, WIDTH, 600), fill="#9b9285")
    draw.rectangle(box(0, 600, WIDTH, HEIGHT), fill="#2f6175")
    for row in range(4):
        for x in range(-60 + row * 45, WIDTH, 160):
            draw.line(box(x, 618 + row * 15, x + 60, 618 + row * 15), fill="#497f93", width=s(2))

    def tin(x: float, y: float) -> None:
        draw.rounded_rectangle(
            box(x, y, x + 150, y + 62), radius=s(14), fill="#c9ced2", outline="#59636a", width=s(3)
        )
        draw.rounded_rectangle(box(x + 10, y + 10, x + 140, y + 52), radius=s(9), fill="#1f5e8c")
        fish = [(x + 30, y + 31), (x + 62, y + 19), (x + 100, y + 31), (x + 62, y + 43)]
        draw.polygon([(s(px), s(py)) for px, py in fish], fill="#dfe6ea")
        draw.polygon(
            [(s(x + 100), s(y + 31)), (s(x + 122), s(y + 19)), (s(x + 122), s(y + 43))],
            fill="#dfe6ea",
        )
        draw.ellipse(box(x + 42, y + 27, x + 49, y + 34), fill="#1f5e8c")

    for x, y in ((770, 498), (930, 498), (850, 436)):
        tin(x, y)


def sea_level() -> list[tuple[int, float]]:
    """The chart's series: millimeters above the 1996 mean at the Port Calder gauge (fictional)."""
    series = []
    for year in range(1996, 2026):
        n = year - 1996
        trend = 3.1 * n + 0.045 * n * n
        swing = 9 * math.sin(n * 1.7) + 5 * math.cos(n * 0.9 + 1)
        series.append((year, round(trend + swing - 5 * math.cos(1), 1)))
    return series


def sea_level_chart(draw: ImageDraw.ImageDraw, image: Image.Image) -> None:
    """Science: annual mean sea level at the Port Calder tide gauge, with the decade averages."""
    draw.rectangle(box(0, 0, WIDTH, HEIGHT), fill="#fbfaf7")
    text(draw, (60, 40), "Sea level at Port Calder, 1996\u20132025", serif_bold(34), "#1a1a1a")
    text(draw, (60, 90), "Annual mean, millimeters above the 1996 level", sans(22), "#555555")
    series = sea_level()
    left, right, top, bottom = 130, 1130, 160, 580
    low, high = -20, 160
    years = (series[0][0], series[-1][0])

    def x_of(year: float) -> float:
        return left + (year - years[0]) / (years[1] - years[0]) * (right - left)

    def y_of(value: float) -> float:
        return bottom - (value - low) / (high - low) * (bottom - top)

    axis = sans(19)
    for value in range(low, high + 1, 20):
        y = y_of(value)
        draw.line(
            box(left, y, right, y),
            fill="#e3e0da" if value else "#9a958c",
            width=s(2 if value else 3),
        )
        text(draw, (left - 14, y), f"{value}", axis, "#555555", "rm")
    for year in range(2000, 2026, 5):
        x = x_of(year)
        draw.line(box(x, bottom, x, bottom + 8), fill="#9a958c", width=s(2))
        text(draw, (x, bottom + 14), str(year), axis, "#555555", "ma")
    # Decade averages as pale bands behind the line.
    for start in (1996, 2006, 2016):
        chunk = [v for y, v in series if start <= y < start + 10]
        mean = sum(chunk) / len(chunk)
        draw.rectangle(
            box(x_of(start), y_of(mean) - 3, x_of(start + 9), y_of(mean) + 3), fill="#f0c9a8"
        )
    points = [(s(x_of(y)), s(y_of(v))) for y, v in series]
    draw.line(points, fill="#1f5e8c", width=s(5), joint="curve")
    for point in points:
        draw.ellipse(
            (point[0] - s(6), point[1] - s(6), point[0] + s(6), point[1] + s(6)), fill="#1f5e8c"
        )
    last_year, last = series[-1]
    text(
        draw,
        (x_of(last_year), y_of(last) + 46),
        f"{last_year}: {last:.0f} mm",
        sans_bold(22),
        "#1f5e8c",
        "ra",
    )
    draw.rectangle(box(160, 190, 190, 200), fill="#f0c9a8")
    text(draw, (200, 195), "Ten-year average", sans(19), "#555555", "lm")
    text(
        draw,
        (60, HEIGHT - 28),
        "Source: Port Calder harbor tide gauge; Calder Bay University",
        sans(18),
        "#555555",
        "ls",
    )


def fringe_poster(draw: ImageDraw.ImageDraw, image: Image.Image) -> None:
    """Culture: the Calder Fringe's 2026 poster, an arrangement of circles and triangles."""
    draw.rectangle(box(0, 0, WIDTH, HEIGHT), fill="#f2b632")
    draw.ellipse(box(640, -140, 1180, 400), fill="#d8432e")
    draw.ellipse(box(820, 260, 1280, 720), fill="#1d6f73")
    draw.polygon([(s(x), s(y)) for x, y in ((560, 675), (860, 200), (1060, 675))], fill="#1a1a1a")
    draw.ellipse(box(905, 330, 985, 410), fill="#f2b632")
    for index in range(9):
        x = 70 + index * 56
        draw.ellipse(box(x, 560, x + 34, 594), fill="#1a1a1a" if index % 3 else "#d8432e")
    text(draw, (70, 90), "CALDER", serif_bold(118), "#1a1a1a")
    text(draw, (70, 225), "FRINGE", serif_bold(118), "#1a1a1a")
    text(draw, (74, 390), "10\u201319 SEPTEMBER 2026", sans_bold(34), "#1a1a1a", spacing=3)
    text(draw, (74, 440), "42 shows \u00b7 11 venues \u00b7 one harbor", sans(28), "#1a1a1a")


PICTURES: dict[str, Callable[[ImageDraw.ImageDraw, Image.Image], None]] = {
    "beijing-moscow.png": beijing_moscow,
    "harbor-footbridge.png": harbor_footbridge,
    "cannery.png": cannery,
    "sea-level-chart.png": sea_level_chart,
    "fringe-poster.png": fringe_poster,
}


def render(draw_picture: Callable[[ImageDraw.ImageDraw, Image.Image], None]) -> Image.Image:
    canvas = Image.new("RGB", (W, H), "#ffffff")
    draw_picture(ImageDraw.Draw(canvas), canvas)
    small = canvas.resize((WIDTH, HEIGHT), Image.Resampling.LANCZOS)
    return small.quantize(colors=COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for name, draw_picture in PICTURES.items():
        path = OUT / name
        render(draw_picture).save(path, optimize=True)
        print(f"{path.relative_to(OUT.parent)}: {path.stat().st_size // 1024} KB")
    series = sea_level()
    decades = {
        start: sum(v for y, v in series if start <= y < start + 10) / 10
        for start in (1996, 2006, 2016)
    }
    print(
        "sea level 2025:",
        series[-1][1],
        "mm; decade means:",
        {k: round(v, 1) for k, v in decades.items()},
    )


if __name__ == "__main__":
    main()
