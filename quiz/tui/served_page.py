"""The page `quiz serve` hands a browser: textual-serve's script and styles, with its font
served from here, and a Content-Security-Policy that lets it load nothing from elsewhere."""

from __future__ import annotations

import html

# Only this origin: scripts, styles, the font and the WebSocket; nothing from the internet.
CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self' ws: wss:; frame-ancestors 'none'"
)


def page(title: str, font_size: str) -> str:
    """The page: textual-serve's script and styles, its font served from here."""
    return PAGE.replace("{title}", html.escape(title)).replace("{font_size}", font_size)


PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<link rel="stylesheet" href="static/css/xterm.css">
<style>
@font-face { font-family: "Roboto Mono"; font-style: normal;
  src: url("static/fonts/RobotoMono-VariableFont_wght.ttf") format("truetype"); }
@font-face { font-family: "Roboto Mono"; font-style: italic;
  src: url("static/fonts/RobotoMono-Italic-VariableFont_wght.ttf") format("truetype"); }
html, body { margin: 0; height: 100%; background: #0c181f; }
.textual-terminal { width: 100vw; height: 100vh; }
.ended { display: none; position: absolute; inset: 0; z-index: 10; align-items: center;
  justify-content: center; font: 16px "Roboto Mono", monospace; color: #eee;
  background: #0c181f; flex-direction: column; }
body.-closed .ended { display: flex; }
.ended button { margin: 16px; padding: 12px 28px; font: inherit; color: #fff;
  background: #5e0ba7; border: none; cursor: pointer; }
</style>
<script src="static/js/textual.js"></script>
</head>
<body>
<div class="ended" role="alert"><div>Session ended.</div>
<button type="button" onclick="location.reload()">Restart</button></div>
<div id="terminal" class="textual-terminal" data-font-size="{font_size}"></div>
<script>
const ws = new URL("ws", location.href);
ws.protocol = location.protocol === "https:" ? "wss:" : "ws:";
ws.search = "";
document.getElementById("terminal").dataset.sessionWebsocketUrl = ws.href;
// Textual's web driver starts the app blurred, and textual.js tells it of focus only when the
// terminal gains it: once the first frame is in, a focused page says so.
new MutationObserver((changes, observer) => {
  const box = document.querySelector(".xterm-helper-textarea");
  if (!document.body.classList.contains("-first-byte") || !box) return;
  observer.disconnect();
  if (document.hasFocus()) { box.blur(); box.focus(); }
}).observe(document.body, { attributes: true, attributeFilter: ["class"] });
</script>
</body>
</html>
"""
