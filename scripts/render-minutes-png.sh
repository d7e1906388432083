#!/bin/sh
# Renders HTML minutes to PNG (screen) and PDF (print, A4) with headless Chromium, to check them by eye.
#   scripts/render-minutes-png.sh minutes-2026-S23.html [out-prefix]
# Needs Debian's `chromium` package (apt-get install -y chromium); CI does not need it.
# The minutes load nothing from the network (Content-Security-Policy default-src 'none'), so the
# rendering is offline; --no-sandbox is for running as root in a container.
set -eu
html=${1:?usage: $0 MINUTES.html [OUT-PREFIX]}
out=${2:-${html%.html}}
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
[ -n "$browser" ] || { echo "no chromium found: apt-get install -y chromium" >&2; exit 1; }
url="file://$(cd "$(dirname "$html")" && pwd)/$(basename "$html")"
flags="--headless --no-sandbox --disable-gpu --hide-scrollbars --disable-background-networking --no-first-run"
# Screen: 1000 px wide (about A4 at 96 dpi plus margins), tall enough for the whole demo retro.
timeout 120 "$browser" $flags --window-size=1000,6000 --screenshot="$out.png" "$url"
# Print preview: what the browser's print dialog would put on A4 paper.
timeout 120 "$browser" $flags --no-pdf-header-footer --print-to-pdf="$out.pdf" "$url"
echo "wrote $out.png and $out.pdf"
