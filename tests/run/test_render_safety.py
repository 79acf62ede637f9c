"""Nothing outside the report reaches the client's PDF (issue 14 §7): an SVG logo is sanitised, and
WeasyPrint may fetch only ``data:`` URLs and files under the report and template folders."""

from __future__ import annotations

import base64
import http.server
import threading
from pathlib import Path

import pytest

from helpers.errors import RenderError
from helpers.run import render
from helpers.run.render import NotebookFailed, sanitise_svg


@pytest.fixture
def server():
    """A local HTTP server that counts the requests it gets."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the stdlib's name
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()

        def log_message(self, *args):
            return None

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", hits
    httpd.shutdown()
    httpd.server_close()


HOSTILE_SVG = """<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10">
  <image href="file:///etc/passwd" width="10" height="10"/>
  <image xlink:href="{url}/xlink.png" width="10" height="10"/>
  <use href="{url}/use.svg#x"/>
  <script>alert(1)</script>
  <foreignObject><p xmlns="http://www.w3.org/1999/xhtml">x</p></foreignObject>
  <style>@import url({url}/style.css); rect {{ fill: url({url}/fill.svg) }}</style>
  <rect width="10" height="10" onload="alert(1)" style="fill: url({url}/inline.svg)"/>
  <circle r="3" fill="url(#grad)"/>
</svg>"""


def test_sanitised_svg_keeps_shapes_and_drops_every_outside_reference():
    clean = sanitise_svg(HOSTILE_SVG.format(url="http://127.0.0.1:9").encode()).decode()
    for gone in ("file:", "127.0.0.1", "<script", "foreignObject", "onload", "@import"):
        assert gone not in clean, gone
    assert "<rect" in clean and 'fill="url(#grad)"' in clean


@pytest.mark.parametrize(
    "svg",
    [b'<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>',
     b"<svg", b'<html xmlns="http://www.w3.org/1999/xhtml"/>'],
    ids=["external-entity", "broken", "not-svg"],
)
def test_unsafe_or_broken_svg_is_refused_in_one_line(svg):
    with pytest.raises(RenderError, match="agency logo") as caught:
        sanitise_svg(svg)
    assert "\n" not in str(caught.value)


def test_pdf_fetches_nothing_from_the_network_or_outside_files(tmp_path, server):
    url, hits = server
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.css").write_text("body { background: red }", encoding="utf-8")
    logo = tmp_path / "report" / "logo.svg"
    logo.parent.mkdir()
    logo.write_text(HOSTILE_SVG.format(url=url), encoding="utf-8")
    raw_svg = base64.b64encode(HOSTILE_SVG.format(url=url).encode()).decode()
    html = f"""<html><head><link rel="stylesheet" href="{(outside / 'secret.css').as_uri()}">
      <link rel="stylesheet" href="{url}/sheet.css"></head><body>
      <img src="{render._data_uri(logo)}"> <img src="data:image/svg+xml;base64,{raw_svg}">
      <img src="{url}/direct.png"> <img src="file:///etc/passwd"><p>report</p></body></html>"""
    pages = render.to_pdf(html, tmp_path / "report" / "x.pdf")
    assert pages == 1
    assert hits == [], f"WeasyPrint fetched {hits}"


def test_fetcher_serves_the_report_folder_only(tmp_path):
    inside = tmp_path / "report" / "chart.png"
    inside.parent.mkdir()
    inside.write_bytes(b"\x89PNG")
    fetch = render.url_fetcher([inside.parent])
    response = fetch(inside.as_uri())
    try:
        assert response.read() == b"\x89PNG"
    finally:
        response.close()
    for refused in ("file:///etc/passwd", (inside.parent / ".." / "x").as_uri(), "http://127.0.0.1:1/x",
                    "ftp://example.com/x", "file://otherhost/etc/passwd"):
        with pytest.raises(ValueError, match="refused"):
            fetch(refused)


def test_user_errors_are_the_shelfbook_hierarchy():
    """UnrecognisedFileError (a loader's subclass) is the user's error, KeyError a bug."""
    for name, user in [("UnrecognisedFileError", True), ("UnknownReportError", True), ("ParamsError", True),
                       ("SetupError", True), ("KeyError", False), ("TypeError", False)]:
        assert NotebookFailed(3, name, "x", Path("nb.ipynb")).user_error is user, name
