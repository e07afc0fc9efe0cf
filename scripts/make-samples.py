#!/usr/bin/env python3
"""Generate the FICTIONAL sample case in Samples/ (dev-only tool).

Everything this script writes is invented: the people, the county
("Northshire"), the phone numbers (Ofcom drama ranges), the e-mail domains,
the IP address (RFC 5737 documentation range), the NHS number (999 test
range) and the card number (a well-known test card).

Requirements (generation only, not needed to build or test Exhibit):
    pip install pillow
    exiftool on PATH (writes EXIF incl. GPS and the IFD1 thumbnail, XMP and
    IPTC into the JPEGs; it lays the TIFF structure out more cleanly than
    piexif, whose output exiftool -validate flags as overlapping)
    DejaVu fonts (apt-get install fonts-dejavu-core)

Usage:
    python3 scripts/make-samples.py            # (re)write Samples/
    python3 scripts/make-samples.py --check    # regenerate, then print checks

Deterministic: a fixed random seed, fixed timestamps and a hand-built PDF,
so re-running with the same Pillow/libjpeg/zlib/exiftool versions gives
byte-identical files (other versions give equivalent files).
"""

from __future__ import annotations

import base64
import csv
import email
import email.policy
import io
import quopri
import random
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import textwrap
import zlib
from pathlib import Path

try:
    from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont
    from PIL.PngImagePlugin import PngInfo
except ImportError:  # pragma: no cover
    sys.exit("needs Pillow: pip install pillow")

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "Samples"
SEED = 20261118

# ---------------------------------------------------------------------------
# The fictional case: every identifier lives here once.
# ---------------------------------------------------------------------------

CRIME_REF = "CRN 13/123456/26"
CSC_REF = "NCSC-2026-08812"
POLICE_UNIT = "Northshire Police CAIU"
CSC = "Northshire Children's Social Care"
SCHOOL = "Ashbrook Academy"

CHILD = "Maisie Turner"
CHILD_DOB = "14/03/2013"
MOTHER = "Claire Turner"
MOTHER_PHONE = "07700 900123"
MOTHER_EMAIL = "claire.turner@example.com"
HOME_ADDRESS = "14 Larch Close, Northbridge, NS4 7QD"
REFUGE_ADDRESS = "Flat 2, 9 Harbour Row, Eastmere, NS9 2LP"
BROTHER = "Leo Turner"
BROTHER_DOB = "02/07/2017"
SUSPECT = "Darren Cole"
SUSPECT_PHONE = "07700 900456"
SUSPECT_EMAIL = "dazc.91@example.net"
SUSPECT_VRM = "NX21 KYD"
WITNESS = "Jade Wilson"
WITNESS_PHONE = "07700 900789"
WITNESS_LANDLINE = "0113 496 0123"
INFORMANT = "Sandra Pike"
INFORMANT_ADDRESS = "12 Larch Close, Northbridge, NS4 7QD"
INFORMANT_PHONE = "0113 496 0456"
SW = "Tom Okafor"
SW_PHONE = "0113 496 0500"
SW_EMAIL = "tom.okafor@northshire-csc.example.gov.uk"
OIC = "DC 4521 Priya Shah"
OIC_EMAIL = "priya.shah@northshire.police.example.uk"
DSL = "Raj Patel"
DSL_EMAIL = "mr.patel@ashbrook.example.sch.uk"
DSL_PHONE = "0113 496 0234"
MASH_EMAIL = "mash@northshire-csc.example.gov.uk"
NI_NUMBER = "AB 12 34 56 C"
SORT_CODE = "20-45-77"
ACCOUNT = "41234567"
IP_ADDRESS = "192.0.2.44"
CARD = "4111 1111 1111 1111"
NHS_BASE = "999234567"  # check digit computed below


def nhs_check_digit(first9: str) -> int:
    total = sum(int(d) * w for d, w in zip(first9, range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        return 0
    if check == 10:
        raise ValueError(f"{first9}: check digit 10, not a valid NHS number")
    return check


def luhn_ok(number: str) -> bool:
    digits = [int(c) for c in number if c.isdigit()]
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


NHS_DIGITS = NHS_BASE + str(nhs_check_digit(NHS_BASE))
NHS_SPACED = f"{NHS_DIGITS[:3]} {NHS_DIGITS[3:6]} {NHS_DIGITS[6:]}"
assert luhn_ok(CARD), "card number must pass Luhn"

PARTIES = [
    # name, role, aliases, dob, address, phone, email
    (CHILD, "child", ["Maisie T", "Mimi", "Maisie"], CHILD_DOB, HOME_ADDRESS, "", ""),
    (BROTHER, "other-child", ["Leo"], BROTHER_DOB, HOME_ADDRESS, "", ""),
    (MOTHER, "parent", ["Claire", "Ms Turner"], "22/09/1989", HOME_ADDRESS,
     MOTHER_PHONE, MOTHER_EMAIL),
    (SUSPECT, "alleged-perpetrator", ["DazC", "Daz", "Darren", "Daisy"], "", "",
     SUSPECT_PHONE, SUSPECT_EMAIL),
    (WITNESS, "witness", ["Jade"], "09/10/2013", "", WITNESS_PHONE, ""),
    (INFORMANT, "informant", ["anonymous neighbour"], "", INFORMANT_ADDRESS,
     INFORMANT_PHONE, ""),
    (SW, "professional", ["T. Okafor"], "", "", SW_PHONE, SW_EMAIL),
    ("Priya Shah", "professional", [OIC, "DC Shah", "DC 4521"], "", "", "", OIC_EMAIL),
    (DSL, "professional", ["Mr Patel", "R. Patel"], "", "", DSL_PHONE, DSL_EMAIL),
]

# ---------------------------------------------------------------------------
# Fonts and small drawing helpers
# ---------------------------------------------------------------------------

FONT_DIRS = [Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"),
             Path("/usr/share/fonts/TTF")]


def font_path(name: str) -> str:
    for d in FONT_DIRS:
        if (d / name).exists():
            return str(d / name)
    try:
        out = subprocess.run(["fc-match", "-f", "%{file}", name.replace(".ttf", "")],
                             capture_output=True, text=True, check=True).stdout
        if out and Path(out).exists():
            return out
    except (OSError, subprocess.CalledProcessError):
        pass
    sys.exit(f"font {name} not found: apt-get install fonts-dejavu-core")


SANS = font_path("DejaVuSans.ttf")
SANS_BOLD = font_path("DejaVuSans-Bold.ttf")


def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(SANS_BOLD if bold else SANS, size)


NBSP = "\u00a0"  # in chat text: never break the line here


def wrap(text: str, fnt: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Greedy word wrap on ordinary spaces only (NBSP glues words)."""
    lines: list[str] = []
    for para in text.split("\n"):
        line = ""
        for word in para.split(" "):
            trial = word if not line else line + " " + word
            if fnt.getlength(trial) <= width or not line:
                line = trial
            else:
                lines.append(line)
                line = word
        lines.append(line)
    return [line.replace(NBSP, " ") for line in lines]


def vgradient(size: tuple[int, int], stops: list[tuple[float, tuple[int, int, int]]]) -> Image.Image:
    """Vertical gradient through (position 0..1, rgb) stops."""
    w, h = size
    column = Image.new("RGB", (1, h))
    px = column.load()
    for y in range(h):
        t = y / max(1, h - 1)
        for (p0, c0), (p1, c1) in zip(stops, stops[1:]):
            if p0 <= t <= p1:
                k = (t - p0) / max(1e-9, p1 - p0)
                px[0, y] = tuple(round(a + (b - a) * k) for a, b in zip(c0, c1))
                break
    return column.resize((w, h))


# ---------------------------------------------------------------------------
# 1. Chat screenshots (PNG, 1170x2532)
# ---------------------------------------------------------------------------

SHOT_W, SHOT_H = 1170, 2532
BLUE = (10, 132, 255)
GREY_BUBBLE = (233, 233, 235)

CHATS = {
    "chat-01.png": {
        "clock": "21:31",
        "status": "online",
        "messages": [
            ("date", "Tue 17 Nov 21:02"),
            ("in", "hey Mimi x", "21:02"),
            ("in", "you get home ok from Ashbrook Academy?", "21:02"),
            ("out", "yeah. mum was asking who u were", "21:05"),
            ("in", "dont tell her about me. she wont get it like u do", "21:06"),
            ("in", "whats ur address again? 14\u00a0Larch\u00a0Close yeah?", "21:07"),
            ("out", "yeah 14\u00a0Larch\u00a0Close, Northbridge NS4\u00a07QD. why", "21:09"),
            ("in", "so i can send u something nice Maisie. our secret", "21:10"),
            ("out", "ok x", "21:12"),
            ("in", "delete this chat after", "21:13"),
        ],
        "png_text": {"Software": "Fictional Phone OS 17.2"},
        "png_time": (2026, 11, 17, 21, 31, 4),
    },
    "chat-02.png": {
        "clock": "08:17",
        "status": "last seen today at 08:15",
        "messages": [
            ("date", "Wed 18 Nov 07:48"),
            ("in", "meet me at the bus stop on Ashbrook Rd by Larch Park. 4.30 after school", "07:48"),
            ("out", "can Jade come? Jade Wilson from my year", "07:55"),
            ("in", "no just u. dont bring Jade or anyone", "07:56"),
            ("in", "text me on this number now 07700\u00a0900456", "07:57"),
            ("out", "jades mum might ring u. her number is 07700\u00a0900789", "08:01"),
            ("in", "dont give my number to ANYONE", "08:02"),
            ("in", "ill be in the silver car NX21 KYD. get in the back", "08:03"),
            ("out", "ok see u at 4.30", "08:10"),
        ],
    },
    "chat-03.png": {
        "clock": "17:06",
        "status": "online",
        "banner": ("SNAPCHAT", "now", "New login to your account",
                   f"from {IP_ADDRESS} (Northbridge). Not you? Tap to secure."),
        "messages": [
            ("date", "Wed 18 Nov 16:51"),
            ("in", "where were u?? waited at Ashbrook Rd for ages", "16:51"),
            ("out", "mum found out. she took my phone. shes with me", "16:58"),
            ("in", "delete these msgs Maisie. im serious", "16:59"),
            ("in", "is ur mums number 07700\u00a0900123? tell her to stop ringing me", "17:00"),
            ("out", "im scared", "17:02"),
            ("in", f"get an uber on the card i gave u {CARD.replace(' ', NBSP)} exp 12/28", "17:03"),
            ("in", "Mimi answer me", "17:05"),
        ],
    },
}


def draw_status_bar(d: ImageDraw.ImageDraw, clock: str) -> None:
    d.text((120, 58), clock, font=font(48, True), fill=(0, 0, 0))
    # signal bars
    x0 = 850
    for i in range(4):
        h = 14 + i * 8
        d.rounded_rectangle((x0 + i * 18, 98 - h, x0 + i * 18 + 12, 98), radius=3, fill=(0, 0, 0))
    d.text((935, 62), "5G", font=font(36, True), fill=(0, 0, 0))
    # battery
    d.rounded_rectangle((1005, 64, 1075, 100), radius=9, outline=(0, 0, 0), width=3)
    d.rounded_rectangle((1011, 70, 1050, 94), radius=5, fill=(0, 0, 0))
    d.rectangle((1078, 76, 1083, 88), fill=(0, 0, 0))


def draw_header(d: ImageDraw.ImageDraw, name: str, status: str) -> int:
    d.rectangle((0, 130, SHOT_W, 330), fill=(246, 246, 246))
    d.line((0, 330, SHOT_W, 330), fill=(210, 210, 214), width=2)
    # back chevron
    d.line((70, 200, 45, 230), fill=BLUE, width=8)
    d.line((45, 230, 70, 260), fill=BLUE, width=8)
    d.text((88, 202), "12", font=font(44), fill=BLUE)
    # avatar
    d.ellipse((190, 170, 310, 290), fill=(140, 148, 160))
    d.text((250, 230), name[0], font=font(60, True), fill=(255, 255, 255), anchor="mm")
    d.text((340, 180), name, font=font(52, True), fill=(0, 0, 0))
    d.text((340, 248), status, font=font(34), fill=(120, 120, 128))
    # call / video icons
    d.rounded_rectangle((930, 205, 1000, 255), radius=10, outline=BLUE, width=6)
    d.polygon([(1000, 230), (1030, 208), (1030, 252)], fill=BLUE)
    d.ellipse((1060, 200, 1120, 260), outline=BLUE, width=6)
    return 360


def draw_bubble(img: Image.Image, d: ImageDraw.ImageDraw, y: int, side: str, text: str,
                stamp: str) -> int:
    body = font(44)
    small = font(28)
    max_w = 780
    lines = wrap(text, body, max_w)
    line_h = 54
    text_w = max(body.getlength(line) for line in lines)
    stamp_w = small.getlength(stamp)
    inner_w = max(text_w, stamp_w + 10)
    pad_x, pad_y = 34, 20
    bw = int(inner_w + 2 * pad_x)
    bh = int(len(lines) * line_h + 34 + 2 * pad_y)
    if side == "out":
        x1 = SHOT_W - 40
        x0 = x1 - bw
        fill, ink, stamp_ink = BLUE, (255, 255, 255), (200, 225, 255)
    else:
        x0 = 40
        x1 = x0 + bw
        fill, ink, stamp_ink = GREY_BUBBLE, (0, 0, 0), (120, 120, 128)
    d.rounded_rectangle((x0, y, x1, y + bh), radius=44, fill=fill)
    # tail
    if side == "out":
        d.polygon([(x1 - 30, y + bh - 40), (x1 + 16, y + bh + 2), (x1 - 60, y + bh - 4)], fill=fill)
    else:
        d.polygon([(x0 + 30, y + bh - 40), (x0 - 16, y + bh + 2), (x0 + 60, y + bh - 4)], fill=fill)
    ty = y + pad_y
    for line in lines:
        d.text((x0 + pad_x, ty), line, font=body, fill=ink)
        ty += line_h
    d.text((x1 - pad_x - stamp_w, ty + 4), stamp, font=small, fill=stamp_ink)
    return y + bh + 22


def draw_input_bar(d: ImageDraw.ImageDraw) -> None:
    top = SHOT_H - 230
    d.rectangle((0, top, SHOT_W, SHOT_H), fill=(246, 246, 246))
    d.line((0, top, SHOT_W, top), fill=(210, 210, 214), width=2)
    d.text((50, top + 30), "+", font=font(72), fill=BLUE)
    d.rounded_rectangle((140, top + 36, 1040, top + 126), radius=45, outline=(200, 200, 204),
                        width=3, fill=(255, 255, 255))
    d.text((180, top + 58), "Message", font=font(42), fill=(170, 170, 176))
    d.ellipse((1060, top + 46, 1130, top + 116), fill=(190, 190, 196))
    d.rounded_rectangle((SHOT_W // 2 - 210, SHOT_H - 40, SHOT_W // 2 + 210, SHOT_H - 26),
                        radius=7, fill=(0, 0, 0))


def draw_banner(d: ImageDraw.ImageDraw, banner: tuple[str, str, str, str]) -> None:
    app, when, title, body = banner
    top = 350
    d.rounded_rectangle((30, top, SHOT_W - 30, top + 270), radius=48, fill=(250, 250, 250),
                        outline=(190, 190, 196), width=3)
    d.rounded_rectangle((70, top + 30, 140, top + 100), radius=16, fill=(255, 252, 0))
    d.text((165, top + 40), app, font=font(34), fill=(100, 100, 108))
    d.text((SHOT_W - 80, top + 40), when, font=font(34), fill=(100, 100, 108), anchor="ra")
    d.text((70, top + 120), title, font=font(42, True), fill=(0, 0, 0))
    d.text((70, top + 180), body, font=font(36), fill=(0, 0, 0))


def render_chat(spec: dict) -> Image.Image:
    img = Image.new("RGB", (SHOT_W, SHOT_H), (255, 255, 255))
    d = ImageDraw.Draw(img)
    draw_status_bar(d, spec["clock"])
    y = draw_header(d, "DazC", spec["status"])
    if "banner" in spec:
        draw_banner(d, spec["banner"])
        y = 650
    for item in spec["messages"]:
        if item[0] == "date":
            d.text((SHOT_W // 2, y + 20), item[1], font=font(34), fill=(130, 130, 136), anchor="mt")
            y += 90
        else:
            y = draw_bubble(img, d, y, item[0], item[1], item[2])
    if item[0] == "out":
        d.text((SHOT_W - 50, y - 14), "Read " + item[2], font=font(30), fill=(130, 130, 136),
               anchor="ra")
    draw_input_bar(d)
    assert y < SHOT_H - 260, f"chat overflows the screen (y={y})"
    return img


def write_png(img: Image.Image, path: Path, text: dict | None = None,
              when: tuple | None = None) -> None:
    pal = img.quantize(colors=48, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    info = None
    if text or when:
        info = PngInfo()
        for k, v in (text or {}).items():
            info.add_text(k, v)
        if when:
            info.add(b"tIME", struct.pack(">HBBBBB", *when))
    pal.save(path, "PNG", optimize=True, pnginfo=info)


def make_screenshots() -> None:
    out = OUT / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    for name, spec in CHATS.items():
        write_png(render_chat(spec), out / name, spec.get("png_text"), spec.get("png_time"))


# ---------------------------------------------------------------------------
# 2. Phone photos (JPEG with EXIF + GPS + thumbnail, XMP, IPTC, COM)
# ---------------------------------------------------------------------------

PHOTO_W, PHOTO_H = 1600, 1200


def add_grain(img: Image.Image, rng: random.Random, amount: int = 6) -> Image.Image:
    w, h = img.size
    vals = bytes(rng.choices(range(128 - amount, 129 + amount), k=w * h))
    noise = Image.frombytes("L", (w, h), vals).filter(ImageFilter.GaussianBlur(0.6))
    noise = Image.merge("RGB", (noise, noise, noise))
    return ImageChops.add(img, noise, scale=1.0, offset=-128)


def glow(img: Image.Image, centre: tuple[int, int], radius: int, colour: tuple[int, int, int]) -> Image.Image:
    layer = Image.new("RGB", img.size, (0, 0, 0))
    ld = ImageDraw.Draw(layer)
    cx, cy = centre
    for i in range(radius, 0, -6):
        k = (1 - i / radius) ** 2
        c = tuple(int(v * k) for v in colour)
        ld.ellipse((cx - i, cy - i, cx + i, cy + i), fill=c)
    return ImageChops.add(img, layer.filter(ImageFilter.GaussianBlur(8)))


def dusk_background(horizon: int) -> Image.Image:
    sky = vgradient((PHOTO_W, horizon), [(0.0, (28, 36, 74)), (0.6, (92, 84, 120)),
                                          (1.0, (214, 138, 92))])
    img = Image.new("RGB", (PHOTO_W, PHOTO_H))
    img.paste(sky, (0, 0))
    return img


def draw_tree(d: ImageDraw.ImageDraw, rng: random.Random, x: int, base: int, size: int) -> None:
    d.rectangle((x - size // 14, base - size, x + size // 14, base), fill=(34, 28, 24))
    for _ in range(14):
        ox = rng.randint(-size // 2, size // 2)
        oy = rng.randint(-size // 3, size // 4)
        r = rng.randint(size // 5, size // 3)
        shade = rng.randint(18, 34)
        d.ellipse((x + ox - r, base - size + oy - r, x + ox + r, base - size + oy + r),
                  fill=(shade, shade + 14, shade + 4))


def draw_lamp(img: Image.Image, x: int, base: int, top: int) -> Image.Image:
    d = ImageDraw.Draw(img)
    d.rectangle((x - 7, top, x + 7, base), fill=(40, 42, 46))
    d.rectangle((x - 40, top - 12, x + 40, top + 8), fill=(50, 52, 56))
    d.ellipse((x - 22, top + 2, x + 22, top + 24), fill=(255, 226, 160))
    return glow(img, (x, top + 14), 260, (120, 90, 40))


def scene_park(rng: random.Random) -> Image.Image:
    horizon = 560
    img = dusk_background(horizon)
    d = ImageDraw.Draw(img)
    ground = vgradient((PHOTO_W, PHOTO_H - horizon), [(0, (38, 58, 36)), (1, (22, 34, 20))])
    img.paste(ground, (0, horizon))
    d = ImageDraw.Draw(img)
    # far houses along Larch Close
    for i, x in enumerate(range(-40, PHOTO_W, 230)):
        h = 120 + (i % 3) * 25
        d.rectangle((x, horizon - h, x + 200, horizon), fill=(44, 40, 52))
        d.polygon([(x - 10, horizon - h), (x + 100, horizon - h - 70), (x + 210, horizon - h)],
                  fill=(36, 32, 44))
        for wx in (x + 30, x + 120):
            lit = rng.random() < 0.5
            d.rectangle((wx, horizon - h + 30, wx + 45, horizon - h + 75),
                        fill=(236, 196, 120) if lit else (30, 30, 40))
    for x in (120, 420, 1320, 1520):
        draw_tree(d, rng, x, horizon + 20, rng.randint(220, 300))
    # footpath
    d.polygon([(640, PHOTO_H), (1180, PHOTO_H), (900, horizon + 10), (840, horizon + 10)],
              fill=(92, 88, 84))
    # bench
    bx, by = 260, 880
    for k in range(3):
        d.rectangle((bx, by - 200 + k * 46, bx + 560, by - 170 + k * 46), fill=(104, 70, 42))
    for k in range(2):
        d.rectangle((bx - 10, by - 30 + k * 34, bx + 580, by - 6 + k * 34), fill=(118, 80, 48))
    for lx in (bx + 30, bx + 510):
        d.rectangle((lx, by - 210, lx + 22, by + 120), fill=(30, 30, 32))
    d.rectangle((bx + 220, by - 150, bx + 360, by - 115), fill=(150, 140, 110))
    d.text((bx + 290, by - 132), "IN MEMORY OF", font=font(16, True), fill=(40, 36, 30), anchor="mm")
    # bin
    d.rectangle((1260, 800, 1360, 960), fill=(20, 60, 30))
    d.rectangle((1250, 790, 1370, 810), fill=(16, 48, 24))
    img = draw_lamp(img, 1080, 900, 360)
    img = img.filter(ImageFilter.GaussianBlur(1.1))
    return add_grain(img, rng)


def scene_bus_stop(rng: random.Random) -> Image.Image:
    horizon = 520
    img = dusk_background(horizon)
    d = ImageDraw.Draw(img)
    # road and pavement
    d.rectangle((0, horizon, PHOTO_W, 760), fill=(56, 56, 62))
    for x in range(0, PHOTO_W, 220):
        d.rectangle((x, 640, x + 120, 652), fill=(210, 210, 200))
    d.rectangle((0, 760, PHOTO_W, 790), fill=(120, 118, 112))  # kerb
    paving = vgradient((PHOTO_W, PHOTO_H - 790), [(0, (96, 94, 90)), (1, (70, 68, 66))])
    img.paste(paving, (0, 790))
    d = ImageDraw.Draw(img)
    for y in range(820, PHOTO_H, 70):
        d.line((0, y, PHOTO_W, y), fill=(84, 82, 78), width=2)
    # trees of Larch Park behind
    for x in (80, 330, 1450):
        draw_tree(d, rng, x, horizon + 10, rng.randint(200, 260))
    # silver car parked at the kerb, rear view with plate
    cx, cy = 820, 520
    d.rounded_rectangle((cx, cy + 40, cx + 560, cy + 230), radius=40, fill=(168, 172, 178))
    d.polygon([(cx + 70, cy + 50), (cx + 140, cy - 60), (cx + 430, cy - 60), (cx + 500, cy + 50)],
              fill=(150, 154, 160))
    d.polygon([(cx + 100, cy + 44), (cx + 156, cy - 44), (cx + 414, cy - 44), (cx + 470, cy + 44)],
              fill=(40, 48, 60))
    for lx in (cx + 20, cx + 460):
        d.rounded_rectangle((lx, cy + 80, lx + 80, cy + 120), radius=10, fill=(190, 24, 30))
    d.rectangle((cx + 170, cy + 140, cx + 390, cy + 190), fill=(246, 204, 28))
    d.rectangle((cx + 170, cy + 140, cx + 390, cy + 190), outline=(30, 30, 30), width=2)
    d.text((cx + 280, cy + 165), SUSPECT_VRM, font=font(38, True), fill=(10, 10, 10), anchor="mm")
    for wx in (cx + 40, cx + 440):
        d.rectangle((wx, cy + 230, wx + 80, cy + 262), fill=(18, 18, 20))
    # bus shelter
    d.rectangle((60, 470, 560, 490), fill=(60, 62, 68))
    for px in (70, 540):
        d.rectangle((px, 490, px + 12, 900), fill=(60, 62, 68))
    shelter = Image.new("RGB", (460, 380), (150, 170, 190))
    img.paste(Image.blend(img.crop((82, 500, 542, 880)), shelter, 0.25), (82, 500))
    d = ImageDraw.Draw(img)
    d.rectangle((110, 700, 510, 740), fill=(40, 40, 44))  # seat
    # bus stop pole and flag
    px = 640
    d.rectangle((px - 9, 250, px + 9, 1000), fill=(200, 200, 200))
    d.rectangle((px - 160, 250, px + 160, 560), fill=(250, 250, 250), outline=(40, 40, 40), width=3)
    # generic bus-stop flag: red disc with a white bus pictogram
    d.ellipse((px - 70, 270, px + 70, 410), fill=(200, 30, 36))
    d.rounded_rectangle((px - 44, 300, px + 44, 372), radius=10, fill=(255, 255, 255))
    d.rectangle((px - 36, 310, px + 36, 334), fill=(200, 30, 36))
    for wx in (px - 30, px + 18):
        d.ellipse((wx, 364, wx + 14, 378), fill=(255, 255, 255))
    d.text((px, 440), "Ashbrook Rd", font=font(42, True), fill=(20, 20, 20), anchor="mm")
    d.rectangle((px - 140, 480, px + 140, 540), fill=(20, 60, 140))
    d.text((px, 510), "Stop NB4", font=font(30, True), fill=(255, 255, 255), anchor="mm")
    img = draw_lamp(img, 1490, 880, 300)
    img = img.filter(ImageFilter.GaussianBlur(1.0))
    return add_grain(img, rng)


PHOTOS = {
    "IMG_0412.jpg": {
        "scene": scene_park,
        "when": "2026:11:18 16:42:10",
        "lat": 53.80127, "lon": -1.54870,
        "serial": "FP12-7731-0042-XK",
        "unique": "6F1C2A7E0B3D4F5A8C9E0412",
        "comment": f"Shared from {MOTHER}'s phone - bench by Larch Park",
        "caption": "Bench in Larch Park, Northbridge, where Maisie said she waits for DazC",
    },
    "IMG_0413.jpg": {
        "scene": scene_bus_stop,
        "when": "2026:11:18 16:44:37",
        "lat": 53.80162, "lon": -1.54791,
        "serial": "FP12-7731-0042-XK",
        "unique": "6F1C2A7E0B3D4F5A8C9E0413",
        "comment": f"Shared from {MOTHER}'s phone - Ashbrook Rd bus stop, silver car {SUSPECT_VRM}",
        "caption": f"Ashbrook Rd bus stop; silver car {SUSPECT_VRM} parked at the kerb",
    },
}


def exif_args(spec: dict, thumb_path: Path) -> list[str]:
    """exiftool arguments for EXIF (IFD0, ExifIFD, GPS, IFD1 thumbnail), XMP
    and IPTC. exiftool lays out the TIFF structure cleanly (word-aligned
    values, no overlaps), which matters because Exhibit parses it."""
    date, time_ = spec["when"].split(" ")
    lat, lon = spec["lat"], spec["lon"]
    return [
        # IFD0
        "-IFD0:Make=FictionalPhone", "-IFD0:Model=FP 12",
        "-IFD0:Software=Fictional Phone OS 17.2", f"-IFD0:ModifyDate={spec['when']}",
        "-IFD0:Orientation#=1", "-IFD0:XResolution=72", "-IFD0:YResolution=72",
        "-IFD0:ResolutionUnit=inches", "-IFD0:YCbCrPositioning#=1", "-IFD0:HostComputer=FP 12",
        # ExifIFD
        "-ExifIFD:ExifVersion=0232", "-ExifIFD:FlashpixVersion=0100",
        "-ExifIFD:ComponentsConfiguration#=1 2 3 0",
        f"-ExifIFD:DateTimeOriginal={spec['when']}", f"-ExifIFD:CreateDate={spec['when']}",
        "-ExifIFD:OffsetTimeOriginal=+00:00",
        "-ExifIFD:ExposureTime=1/30", "-ExifIFD:FNumber=1.8", "-ExifIFD:ISO=800",
        "-ExifIFD:FocalLength=4.2", "-ExifIFD:ColorSpace#=1",
        f"-ExifIFD:ExifImageWidth={PHOTO_W}", f"-ExifIFD:ExifImageHeight={PHOTO_H}",
        f"-ExifIFD:SerialNumber={spec['serial']}",  # tag 0xA431 BodySerialNumber
        "-ExifIFD:LensMake=FictionalPhone", "-ExifIFD:LensModel=FP 12 back camera 4.2mm f/1.8",
        f"-ExifIFD:ImageUniqueID={spec['unique']}",
        # GPS
        "-GPS:GPSVersionID=2.3.0.0",
        f"-GPS:GPSLatitude={abs(lat)}", f"-GPS:GPSLatitudeRef={'N' if lat >= 0 else 'S'}",
        f"-GPS:GPSLongitude={abs(lon)}", f"-GPS:GPSLongitudeRef={'E' if lon >= 0 else 'W'}",
        "-GPS:GPSAltitude=62.3", "-GPS:GPSAltitudeRef#=0",
        f"-GPS:GPSTimeStamp={time_}", f"-GPS:GPSDateStamp={date}",
        "-GPS:GPSHPositioningError=5",
        # IFD1 thumbnail
        f"-IFD1:ThumbnailImage<={thumb_path}",
        "-IFD1:XResolution=72", "-IFD1:YResolution=72", "-IFD1:ResolutionUnit=inches",
        # XMP
        f"-XMP-dc:Creator={MOTHER}",
        f"-XMP-dc:Description={spec['caption']}",
        "-XMP-photoshop:City=Northbridge",
        "-XMP-photoshop:Country=United Kingdom",
        f"-XMP-xmp:CreateDate={spec['when']}",
        # IPTC
        "-IPTC:CodedCharacterSet=UTF8",
        f"-IPTC:By-line={MOTHER}",
        f"-IPTC:Caption-Abstract={spec['caption']}",
        "-IPTC:City=Northbridge",
        "-IPTC:Country-PrimaryLocationName=United Kingdom",
        "-IPTC:Keywords=Ashbrook Rd", "-IPTC:Keywords=Larch Park",
    ]


def make_photos(rng: random.Random) -> None:
    out = OUT / "photos"
    out.mkdir(parents=True, exist_ok=True)
    exiftool = shutil.which("exiftool")
    if not exiftool:
        sys.exit("exiftool is needed to write EXIF, XMP and IPTC")
    with tempfile.TemporaryDirectory() as tmp:
        for name, spec in PHOTOS.items():
            img = spec["scene"](rng)
            thumb = Path(tmp) / (name + ".thumb.jpg")
            img.resize((160, 120), Image.Resampling.LANCZOS).save(thumb, "JPEG", quality=70)
            path = out / name
            # Pillow writes JFIF + COM + the scan; exiftool adds the rest.
            img.save(path, "JPEG", quality=85, comment=spec["comment"].encode())
            subprocess.run([exiftool, "-q", "-overwrite_original", *exif_args(spec, thumb),
                            str(path)], check=True)


# ---------------------------------------------------------------------------
# 3. WhatsApp export (plain text, UTF-8, LF)
# ---------------------------------------------------------------------------

J, M = WITNESS, "Maisie T"
WHATSAPP = [
    ("17/11/2026, 19:58", None, "Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more."),
    ("17/11/2026, 19:58", J, "did u see who was waiting outside ashbrook academy at home time"),
    ("17/11/2026, 19:59", M, "yeah that was DazC lol"),
    ("17/11/2026, 20:00", J, "DazC?? the one off snap"),
    ("17/11/2026, 20:00", M, "his real name is Darren Cole. hes like 35 tho dont tell anyone"),
    ("17/11/2026, 20:01", J, "mimi thats so weird. how does he even know where u go to school"),
    ("17/11/2026, 20:02", M, "i told him. he knows my address too, 14 Larch Close NS4 7QD"),
    ("17/11/2026, 20:03", J, "WHY would u tell him that"),
    ("17/11/2026, 20:04", M, "he said he needed it to send me stuff. he sent me airpods"),
    ("17/11/2026, 20:05", J, "my mum says thats grooming. she saw it on the news"),
    ("17/11/2026, 20:06", M, "its not like that. he's nice to me"),
    ("17/11/2026, 20:07", J, "whats his number"),
    ("17/11/2026, 20:08", M, "+44 7700 900456"),
    ("17/11/2026, 20:08", M, "he made me save it as 07700-900-456 under Daisy so mum doesnt see"),
    ("17/11/2026, 20:10", J, "ok that is actually creepy"),
    ("17/11/2026, 20:11", M, "<Media omitted>"),
    ("17/11/2026, 20:11", J, "is that Darren's car??"),
    ("17/11/2026, 20:12", M, "yeah the silver one NX21 KYD. he picks me up round the corner from school"),
    ("17/11/2026, 20:13", J, "maisie ur 13"),
    ("17/11/2026, 20:14", J, "my mum asked how old u are in case she rings the school. i said she was born 14/03/2013 same year as me"),
    ("17/11/2026, 20:15", M, "pls dont let her ring anyone"),
    ("17/11/2026, 20:16", M, "he said if i tell anyone ill get in trouble not him"),
    ("17/11/2026, 20:17", J, "thats literally what they say. its on the assembly slides"),
    ("17/11/2026, 20:18", M, "he wants me to email him pics. dazc.91@example.net"),
    ("17/11/2026, 20:19", J, "DONT. seriously mimi"),
    ("17/11/2026, 20:20", M, "i wont. night"),
    ("18/11/2026, 07:52", M, "ok so dont be mad. after school im meeting him at the bus stop on Ashbrook Rd by Larch Park. u cant come. ...Darren\nCole said if i bring anyone he wont come"),
    ("18/11/2026, 07:54", J, "maisie no"),
    ("18/11/2026, 07:55", J, "i'll tell Mr Patel if u go"),
    ("18/11/2026, 08:20", M, "its fine hes just taking me for food in Darren's car then bringing me back"),
    ("18/11/2026, 12:31", J, "answer me"),
    ("18/11/2026, 15:20", J, "if ur phone dies ring my house (0113) 496 0123 or my mobile 07700 900789"),
    ("18/11/2026, 16:40", J, "where are u?? are u with DazC"),
    ("18/11/2026, 16:41", J, "im telling my mum"),
    ("18/11/2026, 16:55", J, "my mum rang ur mum. she's going to Ashbrook Rd now"),
    ("18/11/2026, 19:02", M, "its me on my mums phone. she found out. hes not answering and mum is really upset"),
    ("18/11/2026, 19:03", M, "mum says police are coming tomorrow and a social worker"),
    ("18/11/2026, 19:04", J, "good. im glad ur ok x"),
    ("18/11/2026, 19:05", J, "Mr Patel said i have to write down what i know in the morning"),
    ("18/11/2026, 19:06", M, "ok. im sorry x"),
]


def make_whatsapp() -> None:
    out = OUT / "chat-export"
    out.mkdir(parents=True, exist_ok=True)
    lines = []
    for when, who, text in WHATSAPP:
        lines.append(f"{when} - {text}" if who is None else f"{when} - {who}: {text}")
    (out / "whatsapp-maisie-jade.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


# ---------------------------------------------------------------------------
# 4. Referral e-mail (RFC 5322 / MIME, CRLF line endings)
# ---------------------------------------------------------------------------

EMAIL_TEXT = f"""Dear MASH colleagues,

I am making a safeguarding referral regarding {CHILD} (DOB {CHILD_DOB},
Year 9, {SCHOOL}). Maisie lives with her mother {MOTHER} and her
brother {BROTHER} (9) at {HOME_ADDRESS}.
NHS number (from our school health record): {NHS_SPACED}.

On Wednesday 18/11/2026 a Year 9 pupil, {WITNESS}, told her form
tutor that Maisie has been in contact with an adult man known online as
"DazC", whom Maisie names as {SUSPECT}. Jade says he waits near school,
has given Maisie gifts, knows her home address and arranged to meet her
after school at the bus stop on Ashbrook Rd by Larch Park. Jade says
he drives a silver car, registration {SUSPECT_VRM}, and uses the mobile
number {SUSPECT_PHONE}.

I spoke to Ms Turner this morning at 08:40 on {MOTHER_PHONE}. She went to
Ashbrook Rd yesterday, took photographs and has Maisie's phone. She is
supportive and asked that we contact her on {MOTHER_PHONE} or by email
at {MOTHER_EMAIL}. She has not yet spoken to the police.

Maisie's attendance has dropped this half-term (three unauthorised
afternoon absences) and staff have noticed new expensive items.

The attached note is my record of Jade's account, made at 08:15 today.

Kind regards,

{DSL}
Designated Safeguarding Lead, {SCHOOL}
Tel {DSL_PHONE}
"""

EMAIL_HTML = f"""<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>Safeguarding referral</title>
</head>
<body style="font-family: Arial, sans-serif; font-size: 11pt;">
<p>Dear MASH colleagues,</p>
<p>I am making a safeguarding referral regarding <b>{CHILD}</b>
(DOB {CHILD_DOB}, Year 9, {SCHOOL}). Maisie lives with her
mother {MOTHER} and her brother {BROTHER} (9) at
{HOME_ADDRESS}.<br>
NHS number (from our school health record): {NHS_SPACED}.</p>
<p>On Wednesday 18/11/2026 a Year 9 pupil, {WITNESS}, told her
form tutor that Maisie has been in contact with an adult man known
online as &quot;DazC&quot;, whom Maisie names as {SUSPECT}. Jade
says he waits near school, has given Maisie gifts, knows her home
address and arranged to meet her after school at the bus stop on
Ashbrook Rd by Larch Park. Jade says he drives a silver car,
registration {SUSPECT_VRM}, and uses the mobile number
{SUSPECT_PHONE}.</p>
<p>I spoke to Ms Turner this morning at 08:40 on {MOTHER_PHONE}.
She went to Ashbrook Rd yesterday, took photographs and has
Maisie&#39;s phone. She is supportive and asked that we contact her
on {MOTHER_PHONE} or by email at
<a href="mailto:{MOTHER_EMAIL}">{MOTHER_EMAIL}</a>.
She has not yet spoken to the police.</p>
<p>Maisie&#39;s attendance has dropped this half-term (three
unauthorised afternoon absences) and staff have noticed new
expensive items.</p>
<p>The attached note is my record of Jade&#39;s account, made at
08:15 today.</p>
<p>Kind regards,</p>
<p>{DSL}<br>
Designated Safeguarding Lead, {SCHOOL}<br>
Tel {DSL_PHONE}</p>
</body>
</html>
"""

SCHOOL_NOTE = f"""ASHBROOK ACADEMY - RECORD OF CONCERN
Pupil: {CHILD}    DOB: {CHILD_DOB}    Year 9
Recorded by: {DSL} (DSL)    Date/time: 19/11/2026 08:15

{WITNESS} (Year 9, mobile {WITNESS_PHONE}) came to see me with her
form tutor. Her words, as close as I could write them:

"Maisie has been talking to a man called DazC on Snapchat. His real
name is Darren Cole. He is old, like 35. He picks her up in a silver
car round the corner from school. The number plate is {SUSPECT_VRM}.
He told her not to tell her mum. Yesterday she was going to meet him
at the Ashbrook Rd bus stop and she told me not to come."

Jade showed me messages on her phone; I did not take copies.
Jade said her mother rang Maisie's mother ({MOTHER}) at about 16:50
on 18/11/2026.

Action: referral to Northshire MASH by email 19/11/2026. Parent
informed 08:40. Not discussed with Maisie yet, on advice.

Signed: R. Patel
"""


def crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


def b64_lines(data: bytes) -> str:
    enc = base64.b64encode(data).decode("ascii")
    return "\n".join(enc[i:i + 76] for i in range(0, len(enc), 76))


def make_email() -> None:
    out = OUT / "email"
    out.mkdir(parents=True, exist_ok=True)
    html_qp = quopri.encodestring(EMAIL_HTML.encode("utf-8")).decode("ascii")
    outer, inner = "=_exhibit_mixed_7f3a91", "=_exhibit_alt_2c6b04"
    msg = f"""Return-Path: <{DSL_EMAIL}>
Received: from mail.ashbrook.example.sch.uk
	(mail.ashbrook.example.sch.uk [192.0.2.17])
	by mx1.northshire-csc.example.gov.uk with ESMTPS id 4F2A91C03
	for <{MASH_EMAIL}>; Thu, 19 Nov 2026 09:14:31 +0000
From: "{DSL} (DSL, {SCHOOL})" <{DSL_EMAIL}>
To: Northshire MASH <{MASH_EMAIL}>
Subject: SAFEGUARDING REFERRAL - {CHILD}, Year 9 (DOB {CHILD_DOB})
Date: Thu, 19 Nov 2026 09:14:27 +0000
Message-ID: <20261119091427.4F2A91C03@ashbrook.example.sch.uk>
MIME-Version: 1.0
X-Mailer: Fictional Mail 4.1
Importance: High
Content-Type: multipart/mixed; boundary="{outer}"

This is a multi-part message in MIME format.

--{outer}
Content-Type: multipart/alternative; boundary="{inner}"

--{inner}
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 7bit

{EMAIL_TEXT}
--{inner}
Content-Type: text/html; charset=utf-8
Content-Transfer-Encoding: quoted-printable

{html_qp}
--{inner}--

--{outer}
Content-Type: text/plain; charset=utf-8; name="school-note.txt"
Content-Transfer-Encoding: base64
Content-Disposition: attachment; filename="school-note.txt"

{b64_lines(SCHOOL_NOTE.encode("utf-8"))}
--{outer}--
"""
    (out / "referral-2026-11-19.eml").write_bytes(crlf(msg).encode("ascii"))


# ---------------------------------------------------------------------------
# 5. Social worker's contemporaneous note (plain text, UTF-8, LF)
# ---------------------------------------------------------------------------

SW_NOTE = f"""NORTHSHIRE CHILDREN'S SOCIAL CARE - CONTEMPORANEOUS NOTE
==========================================================
Case: {CHILD} (DOB {CHILD_DOB})        CSC ref: {CSC_REF}
Police ref: {CRIME_REF} ({POLICE_UNIT}, OIC {OIC})
Author: {SW}, Social Worker, Assessment Team, tel {SW_PHONE}
Date of visit: Friday 20/11/2026, 14:05 to 15:40
Note written: 20/11/2026 at 16:10, from notes made during the visit

Type of contact: announced home visit (section 47 enquiry)
Present: {MOTHER} (mother), Maisie (13), {BROTHER} (brother, DOB {BROTHER_DOB})

Where: the family moved on 19/11/2026 from their home at
{HOME_ADDRESS} to refuge accommodation.
The visit took place at the refuge: {REFUGE_ADDRESS}.
CONFIDENTIAL - the refuge address must not be disclosed to anyone
outside this enquiry, in particular to Darren Cole.

Background: strategy discussion 19/11/2026 with {OIC} (CAIU)
following the referral from {DSL}, DSL at {SCHOOL}.
Maisie's NHS no. {NHS_DIGITS}.
Earlier information: on 16/11/2026 a neighbour, {INFORMANT}
({INFORMANT_ADDRESS}, tel {INFORMANT_PHONE}), rang the
Emergency Duty Team about a man in a silver car (later {SUSPECT_VRM})
waiting outside no. 14 at night. Ms Pike asked to remain an
anonymous neighbour. Her identity must not be shared with the family.

Seen alone: I spoke with Maisie alone in the kitchen for about 25
minutes, with her agreement and her mother's. She was quiet but made
eye contact. I used open questions. Her words, as close as I could
record them:
  "Daz is DazC on Snap. Mum knows him as Darren, Darren Cole."
  "He calls me Mimi. He said I'm mature for my age."
  "He gave me a bank card for Ubers. It's got 4111 1111 1111 1111 on
   it. He said I didn't have to pay it back."
  "He said if I told anyone I'd be the one in trouble."
  "Someone logged into my Snapchat on Monday. It wasn't me. I think
   it was him because he had my password."
Maisie showed me a screenshot of the Snapchat login alert on her
mother's phone: it gives the IP address {IP_ADDRESS}. Screenshot
passed to DC Shah (exhibit ref PS/3).
I did not ask leading questions. I explained that DC Shah would
arrange for her to talk to someone in a special room (ABE interview).

Leo (9) was seen in the living room; he said he likes "Mum's friend
Darren" and that Darren "gave Maisie a phone". No disclosures about
himself.

Mother: Ms Turner is cooperative and protective. She gave her
National Insurance number ({NI_NUMBER}) for the refuge housing
claim and asked that the section 17 payment for food and travel be
paid to her bank account {SORT_CODE} {ACCOUNT} (sort code, account).
She confirms she has blocked Darren's number {SUSPECT_PHONE}; her
own mobile stays {MOTHER_PHONE}.

Analysis: Maisie (born {CHILD_DOB}) is at risk of child sexual
exploitation. Protective factors: mother's response, school
relationship, Jade Wilson's concern.

Actions:
  1. TO to share this note and screenshot with DC 4521 Shah today.
  2. Safety plan agreed: Maisie not to use her old phone; school
     to be told only that the family has moved, not where.
  3. s17 payment request to team manager.
  4. Review visit Tuesday 24/11/2026.

Signed: {SW}    20/11/2026
"""


def make_note() -> None:
    out = OUT / "notes"
    out.mkdir(parents=True, exist_ok=True)
    (out / "sw-contemporaneous-note-2026-11-20.txt").write_text(SW_NOTE, encoding="utf-8")


# ---------------------------------------------------------------------------
# 6. School attendance PDF (hand-built, one page, Helvetica text)
# ---------------------------------------------------------------------------

PDF_LINES = [
    (50, 780, 18, "Ashbrook Academy"),
    (50, 758, 12, "Pupil Attendance Summary - Autumn Term 2026"),
    (50, 720, 11, f"Pupil: {CHILD}     DOB: {CHILD_DOB}     Year 9     Tutor group 9K"),
    (50, 704, 11, f"Parent/carer: {MOTHER}     Tel: {MOTHER_PHONE}"),
    (50, 688, 11, f"Address: {HOME_ADDRESS}"),
    (50, 650, 10, "Week commencing  Possible  Present  Authorised  Unauthorised      %"),
    (50, 632, 10, "07/09/2026             10       10           0             0  100.0"),
    (50, 616, 10, "14/09/2026             10       10           0             0  100.0"),
    (50, 600, 10, "21/09/2026             10        9           1             0   90.0"),
    (50, 584, 10, "28/09/2026             10       10           0             0  100.0"),
    (50, 568, 10, "05/10/2026             10       10           0             0  100.0"),
    (50, 552, 10, "12/10/2026             10        8           2             0   80.0"),
    (50, 536, 10, "19/10/2026             10       10           0             0  100.0"),
    (50, 520, 10, "02/11/2026             10        9           0             1   90.0"),
    (50, 504, 10, "09/11/2026             10        9           0             1   90.0"),
    (50, 488, 10, "16/11/2026              6        5           0             1   83.3"),
    (50, 454, 11, "Term to date: 96 possible sessions, 90 present (93.8%), 3 authorised, 3 unauthorised (PM)."),
    (50, 438, 11, "Unauthorised absences: 03/11/2026 PM, 10/11/2026 PM, 17/11/2026 PM (all Tuesdays)."),
    (50, 408, 9, f"Printed 19/11/2026 08:30 by {DSL} (DSL). OFFICIAL-SENSITIVE. FICTIONAL SAMPLE DATA."),
]


def pdf_escape(s: str) -> str:
    return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf() -> None:
    out = OUT / "documents"
    out.mkdir(parents=True, exist_ok=True)
    ops = ["0.85 0.1 0.12 RG 2 w 50 770 m 545 770 l S", "0 g"]
    for x, y, size, text in PDF_LINES:
        face = "/F2" if size == 18 else "/F3" if size == 10 else "/F1"
        ops.append(f"BT {face} {size} Tf {x} {y} Td ({pdf_escape(text)}) Tj ET")
    content = ("\n".join(ops) + "\n").encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R /F2 5 0 R /F3 8 0 R >> >> /Contents 6 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
        b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content + b"endstream",
        ("<< /Title (" + pdf_escape(f"Attendance summary - {CHILD}") + ") "
         "/Author (Ashbrook Academy attendance office) "
         "/Creator (Fictional SIMS export 3.2) /Producer (make-samples.py) "
         "/CreationDate (D:20261119083000Z) /ModDate (D:20261119083000Z) >>").encode("latin-1"),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding /WinAnsiEncoding >>",
    ]
    buf = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(buf))
        buf += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(buf)
    buf += f"xref\n0 {len(objects) + 1}\n".encode()
    buf += b"0000000000 65535 f \n"
    for off in offsets:
        buf += f"{off:010d} 00000 n \n".encode()
    buf += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 7 0 R >>\n"
            f"startxref\n{xref}\n%%EOF\n").encode()
    (out / "school-attendance.pdf").write_bytes(bytes(buf))


# ---------------------------------------------------------------------------
# 7. parties.csv
# ---------------------------------------------------------------------------

def make_parties() -> None:
    with open(OUT / "parties.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["name", "role", "aliases", "dob", "address", "phone", "email"])
        for name, role, aliases, dob, address, phone, email in PARTIES:
            w.writerow([name, role, ";".join(aliases), dob, address, phone, email])


# ---------------------------------------------------------------------------
# 8. README with the "which identifier is where" table
# ---------------------------------------------------------------------------

# What is drawn into each image / written into its metadata, for the table.
IMAGE_TEXT = {
    f"screenshots/{name}": (" ".join(m[1] for m in spec["messages"]) + " DazC "
                            + " ".join(spec.get("banner", ()))).replace(NBSP, " ")
    for name, spec in CHATS.items()
} | {
    "photos/IMG_0412.jpg": "",
    "photos/IMG_0413.jpg": f"Ashbrook Rd {SUSPECT_VRM}",
}
PHOTO_META = {f"photos/{n}": f"{MOTHER} {s['comment']} {s['caption']} FP 12 {s['serial']}"
              for n, s in PHOTOS.items()}

IDENTIFIERS = [
    ("Child name", CHILD, ["Maisie Turner"]),
    ("Child first name (incl. in full name)", "Maisie", ["Maisie", "maisie"]),
    ("Child nickname", "Mimi", ["Mimi", "mimi"]),
    ("Child alias", "Maisie T", ["Maisie T"]),
    ("Child DOB", CHILD_DOB, [CHILD_DOB]),
    ("Mother", MOTHER, [MOTHER]),
    ("Mother phone", MOTHER_PHONE, [MOTHER_PHONE]),
    ("Mother email", MOTHER_EMAIL, [MOTHER_EMAIL]),
    ("Home address", HOME_ADDRESS, [HOME_ADDRESS, "14 Larch Close"]),
    ("Home postcode", "NS4 7QD", ["NS4 7QD"]),
    ("Refuge address", REFUGE_ADDRESS, [REFUGE_ADDRESS]),
    ("Brother", BROTHER, [BROTHER]),
    ("Brother DOB", BROTHER_DOB, [BROTHER_DOB]),
    ("Alleged perpetrator", SUSPECT, [SUSPECT]),
    ("Perp. online alias", "DazC", ["DazC"]),
    ("Perp. phone", SUSPECT_PHONE, [SUSPECT_PHONE, "+44 7700 900456", "07700-900-456"]),
    ("Perp. email", SUSPECT_EMAIL, [SUSPECT_EMAIL]),
    ("Vehicle reg", SUSPECT_VRM, [SUSPECT_VRM]),
    ("Witness", WITNESS, [WITNESS]),
    ("Witness mobile", WITNESS_PHONE, [WITNESS_PHONE]),
    ("Witness landline (not in parties.csv)", WITNESS_LANDLINE, ["(0113) 496 0123", WITNESS_LANDLINE]),
    ("Informant", INFORMANT, [INFORMANT]),
    ("Informant phone", INFORMANT_PHONE, [INFORMANT_PHONE]),
    ("Social worker", SW, [SW]),
    ("OIC", OIC, [OIC]),
    ("DSL", DSL, [DSL]),
    ("School", SCHOOL, [SCHOOL, "ashbrook academy"]),
    ("Crime reference", CRIME_REF, [CRIME_REF]),
    ("NHS number", NHS_SPACED, [NHS_SPACED, NHS_DIGITS]),
    ("NI number", NI_NUMBER, [NI_NUMBER]),
    ("Sort code + account", f"{SORT_CODE} {ACCOUNT}", [f"{SORT_CODE} {ACCOUNT}"]),
    ("IPv4 address", IP_ADDRESS, [IP_ADDRESS]),
    ("Card number", CARD, [CARD]),
]


def pattern(needles: list[str]) -> "re.Pattern[str]":
    """One alternation, longest spelling first, with word-ish boundaries,
    so overlapping spellings count once and "Maisie T" does not match
    "Maisie Turner"."""
    alts = sorted(dict.fromkeys(needles), key=len, reverse=True)
    return re.compile(r"(?<![\w])(?:" + "|".join(re.escape(a) for a in alts) + r")(?![\w])")


def where(needles: list[str]) -> list[str]:
    rx = pattern(needles)
    found = []
    short = {"chat-export/whatsapp-maisie-jade.txt": "whatsapp",
             "notes/sw-contemporaneous-note-2026-11-20.txt": "sw-note",
             "email/referral-2026-11-19.eml": "eml",
             "parties.csv": "parties"}
    for rel, name in short.items():
        n = len(rx.findall((OUT / rel).read_text(encoding="utf-8")))
        if rel.endswith(".eml"):
            n_att = len(rx.findall(SCHOOL_NOTE))
            if n or n_att:
                found.append(f"eml ({n} raw" + (f", +{n_att} in base64 attachment)" if n_att else ")"))
        elif n:
            found.append(f"{name} ({n})")
    if rx.search(" ".join(t for *_, t in PDF_LINES)):
        found.append("pdf")
    for rel, text in IMAGE_TEXT.items():
        if rx.search(text):
            found.append(Path(rel).stem + " (pixels)")
    for rel, text in PHOTO_META.items():
        if rx.search(text):
            found.append(Path(rel).stem + " (metadata)")
    return found


def make_readme() -> None:
    sizes = {p.relative_to(OUT).as_posix(): p.stat().st_size
             for p in sorted(OUT.rglob("*")) if p.is_file() and p.name != "README.md"}
    rows = "\n".join(f"| {label} | `{value}` | {', '.join(where(needles)) or '-'} |"
                     for label, value, needles in IDENTIFIERS)
    files = "\n".join(f"| `{rel}` | {size:,} |" for rel, size in sizes.items())
    story = textwrap.fill(
        f"{POLICE_UNIT} (OIC {OIC}, `{CRIME_REF}`) and {CSC} (social worker {SW}) "
        f"are looking into concerns that {CHILD} (13, DOB {CHILD_DOB}, \"Maisie T\", "
        f"\"Mimi\"), a Year 9 pupil at {SCHOOL}, is being groomed by {SUSPECT} "
        f"(online \"DazC\"), who drives a silver car `{SUSPECT_VRM}`. Her friend {WITNESS} "
        f"told school; the DSL {DSL} referred to the MASH on 19/11/2026. Maisie's mother "
        f"{MOTHER} photographed the meeting place on 18/11/2026 and has since moved with "
        f"Maisie and {BROTHER} (9) from {HOME_ADDRESS} to a refuge, whose address appears "
        f"**once** in the case material, in the social worker's note. A neighbour, "
        f"{INFORMANT}, reported the car earlier and wants to stay anonymous.", 78,
        break_long_words=False, break_on_hyphens=False)
    readme = f"""# Samples: a FICTIONAL case

**Everything in this folder is invented.** There is no county called
Northshire, no Northshire Police, no Northshire Children's Social Care and no
Ashbrook Academy. None of the people exist. The material was generated by
`scripts/make-samples.py` so that Exhibit's demo and tests have something
realistic-looking to work on, in particular for the redaction detectors.

The identifiers are chosen so that they cannot belong to anyone:

* **Phone numbers** are in Ofcom's ranges reserved for TV and radio drama:
  mobiles `07700 900000`-`07700 900999`, Leeds-style landlines
  `0113 496 0000`-`0113 496 0999`.
* **E-mail**: `claire.turner@example.com` and `dazc.91@example.net` use the
  RFC 2606 reserved domains. The organisational addresses
  (`*.example.sch.uk`, `*.example.gov.uk`, `*.police.example.uk`) are not
  RFC 2606 names, but they are not real services either.
* **IP addresses** `192.0.2.44` (and `192.0.2.17` in a `Received:` header)
  are in the RFC 5737 documentation range TEST-NET-1.
* **NHS number** `{NHS_SPACED}` is in the 999 range, which the NHS never
  issues; its mod-11 check digit is valid
  (weights 10..2 over `{NHS_BASE}`, check digit `{NHS_DIGITS[-1]}`).
* **Card** `{CARD}` is the well-known Visa test number (Luhn-valid).
* **NI number** `{NI_NUMBER}` is the HMRC documentation example format.
* **Bank details** `{SORT_CODE} {ACCOUNT}` are made up.
* **GPS** positions in the photos are near 53.80 N, 1.55 W; the "place"
  (Larch Park, Ashbrook Rd, Northbridge) is fictional.
* **Postcodes** `NS4 7QD`, `NS9 2LP`: there is no `NS` postcode area.

## The case in one paragraph

{story}

## Files

| File | Bytes |
|---|---:|
{files}

* `parties.csv` - the party list for `exhibit` (header
  `name,role,aliases,dob,address,phone,email`; `aliases` are separated by `;`;
  dates are `DD/MM/YYYY`; every other field holds at most one value; fields
  containing commas are double-quoted). Roles used: child, other-child,
  parent, alleged-perpetrator, witness, informant, professional.
* `screenshots/chat-01.png`, `chat-02.png`, `chat-03.png` - phone screenshots
  (1170x2532, 8-bit palette PNG) of Maisie's chat with "DazC" (grey bubbles on
  the left are DazC, blue on the right are Maisie). `chat-03.png` also shows
  a Snapchat login notification with the IP address. Only `chat-01.png`
  carries metadata chunks: `tEXt` `Software=Fictional Phone OS 17.2` and
  `tIME` 2026-11-17 21:31:04; the other two have only IHDR/PLTE/IDAT/IEND.
* `photos/IMG_0412.jpg` (bench in Larch Park, dusk) and `IMG_0413.jpg` (the
  Ashbrook Rd bus stop with the silver car; the number plate `{SUSPECT_VRM}`
  and the stop name "Ashbrook Rd" are legible in the pixels). 1600x1200,
  quality 85. Metadata: EXIF IFD0 (Make `FictionalPhone`, Model `FP 12`,
  Software, DateTime, HostComputer), ExifIFD (DateTimeOriginal
  `2026:11:18 16:42:10` / `2026:11:18 16:44:37`, OffsetTimeOriginal,
  BodySerialNumber `FP12-7731-0042-XK`, LensMake/LensModel, ImageUniqueID),
  GPS IFD (lat/lon/alt/time/date), IFD1 with a 160x120 JPEG thumbnail of the
  same scene, an XMP packet (dc:creator and dc:description, photoshop:City,
  ...), IPTC IIM in a Photoshop APP13 block (By-line `{MOTHER}`,
  Caption-Abstract, City, Keywords) and a JPEG `COM` comment naming
  {MOTHER}.
* `chat-export/whatsapp-maisie-jade.txt` - WhatsApp (Android, UK) export
  between Maisie ("Maisie T") and {WITNESS}, UTF-8, LF, ASCII only. One
  message continues on the next line, splitting the name: `...Darren` /
  `Cole said ...`. Phone numbers appear as `+44 7700 900456`,
  `07700-900-456`, `(0113) 496 0123` and `07700 900789`. Also: the postcode,
  an e-mail address, "she was born 14/03/2013", `{SUSPECT_VRM}`, `Darren's car`
  (twice as a possessive), lower-case `maisie`/`mimi`, and a
  `<Media omitted>` line.
* `email/referral-2026-11-19.eml` - RFC 5322 message with **CRLF** line
  endings: `multipart/mixed` containing `multipart/alternative` (text/plain
  7bit and text/html quoted-printable; the HTML has no soft line breaks
  inside identifiers, but `=` becomes `=3D` in attributes) and a base64
  attachment `school-note.txt` (the DSL's record of Jade's account). Some
  identifiers appear only inside the base64 attachment (see table).
* `notes/sw-contemporaneous-note-2026-11-20.txt` - {SW}'s note of the visit
  on 20/11/2026 (UTF-8, LF). Contains the refuge address (exactly once), the
  informant, NI number, sort code/account, card number, IP address, both
  children's dates of birth and the NHS number written without spaces
  (`{NHS_DIGITS}`).
* `documents/school-attendance.pdf` - one-page PDF 1.4 (uncompressed text,
  Helvetica), an attendance summary. A redacted copy is a new PDF of burned
  page images: nothing of its text objects, fonts or Info dictionary (whose
  Title names the child) travels. `documents/referral-form.docx` (a Word
  referral with tracked changes, a comment and hidden text) is written by
  `scripts/make-document-samples.py`; see `documents/README.md`.

## Which identifier appears where

Counts are literal occurrences on one line (all listed spellings added up,
overlapping spellings counted once) in the text files, so the deliberately
split `Darren`/`Cole` in the WhatsApp export is not counted under
"Alleged perpetrator"; "(pixels)" means the text is drawn in the image; "(metadata)" means it
is in the photo's EXIF/XMP/IPTC/COM. Matching is case-sensitive except where
a lower-case spelling is listed in the generator. For the e-mail, "raw"
counts cover the headers and both alternative parts as stored (text/plain
and the quoted-printable HTML, which repeats the body).

| What | Value | Where |
|---|---|---|
{rows}

Other values worth knowing: the PNG `tIME` in `chat-01.png` is
2026-11-17 21:31:04; GPS for IMG_0412 is 53.80127 N 1.54870 W and for
IMG_0413 53.80162 N 1.54791 W; the e-mail `Message-ID` is
`<20261119091427.4F2A91C03@ashbrook.example.sch.uk>`; the CSC reference is
`{CSC_REF}`.

Regenerate with `python3 scripts/make-samples.py` (needs Pillow,
exiftool and the DejaVu fonts; the output is deterministic). This README is
written by the same script, so the table always matches the files.
"""
    (OUT / "README.md").write_text(readme, encoding="utf-8")


# ---------------------------------------------------------------------------

def check() -> None:
    """Print what a human would check by hand."""
    for p in sorted(OUT.rglob("*.png")):
        data = p.read_bytes()
        pos, chunks = 8, []
        while pos < len(data):
            length, ctype = struct.unpack(">I4s", data[pos:pos + 8])
            chunks.append(ctype.decode())
            crc = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])[0]
            assert crc == zlib.crc32(data[pos + 4:pos + 8 + length]) & 0xFFFFFFFF
            pos += 12 + length
        with Image.open(p) as im:
            im.load()
            print(f"{p.relative_to(REPO)}: {im.size} {im.mode} chunks={chunks}")
    for p in sorted(OUT.rglob("*.jpg")):
        with Image.open(p) as im:
            im.load()
            print(f"{p.relative_to(REPO)}: {im.size} {im.mode}")
        print(subprocess.run(["exiftool", "-a", "-G1", "-s", "-GPSLatitude", "-GPSLongitude",
                              "-BodySerialNumber", "-ThumbnailImage", "-XMP:all", "-IPTC:all",
                              "-Comment", "-DateTimeOriginal", str(p)],
                             capture_output=True, text=True).stdout)
    pdf = (OUT / "documents/school-attendance.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-1.4") and pdf.rstrip().endswith(b"%%EOF")
    xref = int(pdf.rsplit(b"startxref", 1)[1].split()[0])
    assert pdf[xref:xref + 4] == b"xref"
    rows = pdf[xref:].split(b"\n")[2:]
    for num, row in enumerate(rows[1:9], start=1):
        off = int(row[:10])
        assert pdf[off:].startswith(f"{num} 0 obj".encode()), num
    print("pdf header, xref offsets and trailer ok,", len(pdf), "bytes")
    with open(OUT / "email/referral-2026-11-19.eml", "rb") as f:
        msg = email.message_from_binary_file(f, policy=email.policy.default)
    parts = [(p.get_content_type(), p.get_filename()) for p in msg.walk()]
    print("eml parts:", parts)
    att = msg.get_payload()[1].get_content()
    assert "Darren Cole" in att and msg.get_body(("html",)).get_content().count("DazC") == 1
    total = sum(p.stat().st_size for p in OUT.rglob("*") if p.is_file())
    print(f"total Samples/ size: {total:,} bytes")
    assert total < 3 * 1024 * 1024


def main() -> None:
    rng = random.Random(SEED)
    OUT.mkdir(exist_ok=True)
    make_screenshots()
    make_photos(rng)
    make_whatsapp()
    make_email()
    make_note()
    make_pdf()
    make_parties()
    make_readme()
    if "--check" in sys.argv:
        check()


if __name__ == "__main__":
    main()
