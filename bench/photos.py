"""`make bench`, dish photos: how long the box takes to make a 10 MB photo ready for phones (the
upload of the photo as taken, decoding, the two WebP versions without metadata, writing them),
against `vips thumbnail` on the same file from the command line beside it (the library's own
floor). Target: a 10 MB photo within 2 s. Results are written to BENCHMARKS.md."""
import datetime
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import run as base  # noqa: E402  (the same binary argument, daemon start and helpers)

UPLOADS = int(os.environ.get("BENCH_PHOTO_UPLOADS", "7"))


def make_photos(directory):
    """A JPEG of just under 10 MB (a 12-megapixel camera photo of noise: the worst case for every
    codec) and a PNG of about 10 MB, both made with the vips command-line tool."""
    noise = os.path.join(directory, "noise.v")
    subprocess.run(["vips", "gaussnoise", noise, "4000", "3000", "--sigma", "40", "--mean", "128"], check=True)
    grey = os.path.join(directory, "grey.v")
    subprocess.run(["vips", "cast", noise, grey, "uchar"], check=True)
    rgb = os.path.join(directory, "rgb.v")
    subprocess.run(["vips", "bandjoin", f"{grey} {grey} {grey}", rgb], check=True)
    photos = {}
    for quality in range(95, 50, -3):
        path = os.path.join(directory, "camera.jpg")
        subprocess.run(["vips", "jpegsave", rgb, path, "--Q", str(quality)], check=True)
        if os.path.getsize(path) <= 10 * 1024 * 1024:
            photos["JPEG, 4000 × 3000"] = path
            break
    # Noise does not compress: 2,700 × 2,700 of grey noise is about a 10 MB PNG (PNG has no shrink-on-load).
    square = os.path.join(directory, "square.v")
    subprocess.run(["vips", "extract_area", rgb, square, "0", "0", "2700", "2700"], check=True)
    png = os.path.join(directory, "plate.png")
    subprocess.run(["vips", "pngsave", square, png, "--compression", "1"], check=True)
    photos["PNG, 2700 × 2700"] = png
    return photos


def upload(port, token, path):
    with open(path, "rb") as f:
        body = f.read()
    request = urllib.request.Request(f"http://127.0.0.1:{port}/api/menu/items/item_001/photo", data=body, method="PUT")
    request.add_header("Authorization", "Bearer " + token)
    request.add_header("Content-Type", "image/jpeg")
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=60) as response:
        response.read()
    return time.perf_counter() - started


def cli(path, directory):
    started = time.perf_counter()
    subprocess.run(["vips", "thumbnail", path, os.path.join(directory, "out.webp[strip]"), "800", "--size", "down"], check=True)
    return time.perf_counter() - started


def main():
    state = tempfile.mkdtemp(prefix="intellidine-bench-photos-")
    scratch = tempfile.mkdtemp(prefix="intellidine-bench-photo-files-")
    process, port = base.start_daemon(state, 64)
    rows = []
    try:
        photos = make_photos(scratch)
        token = base.post(port, "/api/auth/staff/login", {"username": "manager1", "password": "manager-demo-1", "tenant_id": base.TENANT})["access_token"]
        for name, path in photos.items():
            upload(port, token, path)  # warm-up, not reported
            box, floor = [], []
            for _ in range(UPLOADS):
                box.append(upload(port, token, path))
                floor.append(cli(path, scratch))
            rows.append((name, os.path.getsize(path), box, floor))
            print(f"{name}: box median {statistics.median(box):.2f} s, max {max(box):.2f} s; vips CLI median {statistics.median(floor):.2f} s", flush=True)
    finally:
        process.terminate()
        process.wait()
        shutil.rmtree(state, ignore_errors=True)
        shutil.rmtree(scratch, ignore_errors=True)

    table = "\n".join(
        f"| {name} | {size / 1024 / 1024:.1f} MB | **{statistics.median(box):.2f} s** | {max(box):.2f} s | {statistics.median(floor):.2f} s | "
        f"{statistics.median(box) / statistics.median(floor):.2f}× |"
        for name, size, box, floor in rows)
    report = f"""
## Dish photos: a 10 MB photo made ready for phones — {datetime.date.today().isoformat()}

- Machine: {base.machine()}
- Command: `make bench` (`bench/photos.py`): a release daemon; `PUT /api/menu/items/item_001/photo` with the file as
  taken, {UPLOADS} times each after one unreported warm-up, timed from the first byte sent to the answer (the upload over
  loopback, the check of its first bytes and header, an 800 px and a 192 px WebP without metadata, both written to disk).
  Beside each upload, `vips thumbnail <file> out.webp[strip] 800 --size down` on the same file: the library's floor for one
  version. The files are noise (the worst case for every codec), made with the vips command-line tool.

| photo | size | box, median | box, slowest | vips CLI, median | box / CLI |
|---|---|---|---|---|---|
{table}

Target: within 2 s for a 10 MB photo. The box makes two versions where the CLI makes one, and it includes the upload.
"""
    print(report)
    base.prepend_report(report)


if __name__ == "__main__":
    main()
