"""Content-Security-Policy: a policy for each built HTML page, with its inline scripts' hashes.

The site is static (GitHub Pages sends no headers we control), so the policy is a
`<meta http-equiv="Content-Security-Policy">` placed first in `<head>`, before any script: a
policy only governs what comes after it. Following OWASP's CSP cheat sheet for a static site
without a server to make nonces, inline scripts are allowed by their SHA-256 hash, never with
'unsafe-inline'. The hashes are computed from the finished HTML of each page, so they cover
exactly the scripts that page carries: the theme's few inline scripts differ by the page's depth
(`__md_scope=new URL("../..",location)`), and a theme upgrade that changes them changes the hashes
with it. tests/test_csp.py parses every built page and fails if an inline script is not covered.

The directives, and why each source is there:
- `default-src 'self'`: everything from the site itself, nothing from a third party.
- `script-src 'self' 'wasm-unsafe-eval' 'sha256-…'`: the theme's bundle, the site's own scripts,
  Pagefind's script, and Pagefind's WebAssembly (compiling it needs 'wasm-unsafe-eval', which
  allows WebAssembly only, not JavaScript's eval).
- `style-src 'self'`: the pages have no `style` attribute and no `<style>` element; scripts set
  styles through the CSSOM (`element.style.x = …`), which a policy does not restrict.
- `img-src 'self' data:`: the theme's stylesheet draws its icons from `data:` SVG images.
- `object-src 'none'`, `base-uri 'self'`, `form-action 'self'`: no plugins, no `<base>` that
  moves every relative link elsewhere, and forms (the search box) only submit to the site.
- Pagefind searches in a Web Worker (`pagefind/pagefind-worker.js`): `worker-src` falls back to
  `script-src`, whose 'self' allows it.
Not set: `require-trusted-types-for 'script'` (tried: Pagefind creates its worker from a plain
URL, which Trusted Types then blocks, and allowing it takes a policy script of our own).
A meta tag cannot carry `frame-ancestors`, `report-uri` or `sandbox` (browsers ignore them
there); a web server that can send headers should add `frame-ancestors 'none'` as a header.

This module knows HTML, not MkDocs: the adapter calls `add_policy` on each page it writes.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re

BASE_DIRECTIVES: tuple[tuple[str, str], ...] = (
    ("default-src", "'self'"),
    ("script-src", "'self' 'wasm-unsafe-eval'"),
    ("style-src", "'self'"),
    ("img-src", "'self' data:"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)

# An inline script's text ends at the first `</script` (HTML's script data state); the attributes
# decide whether a browser runs it (a JSON block such as the theme's `__config` is data).
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script", re.IGNORECASE | re.DOTALL)
_ATTRIBUTE = re.compile(r"""([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
# The MIME types a browser runs as a classic script (HTML's list), and `module`.
_JAVASCRIPT_TYPES = {
    "",
    "module",
    "text/javascript",
    "application/javascript",
    "application/ecmascript",
    "application/x-ecmascript",
    "application/x-javascript",
    "text/ecmascript",
    "text/javascript1.0",
    "text/javascript1.1",
    "text/javascript1.2",
    "text/javascript1.3",
    "text/javascript1.4",
    "text/javascript1.5",
    "text/jscript",
    "text/livescript",
    "text/x-ecmascript",
    "text/x-javascript",
}
_HEAD = re.compile(r"<head\b[^>]*>", re.IGNORECASE)
_CHARSET = re.compile(r"\s*<meta\s+charset=[^>]*>", re.IGNORECASE)
_EXISTING = re.compile(r"<meta\s+http-equiv=[\"']?content-security-policy", re.IGNORECASE)


class PolicyError(ValueError):
    """The page cannot carry a policy (no <head>, or one there already)."""


def _attributes(text: str) -> dict[str, str]:
    return {
        m[1].lower(): html.unescape(next((v for v in m.groups()[1:] if v is not None), ""))
        for m in _ATTRIBUTE.finditer(text)
    }


def runs_as_script(attributes: dict[str, str]) -> bool:
    """Whether a browser runs a <script> with these attributes as JavaScript."""
    kind = attributes.get("type")
    if kind is None:
        language = attributes.get("language")
        return language is None or f"text/{language.strip().lower()}" in _JAVASCRIPT_TYPES
    return kind.strip().lower() in _JAVASCRIPT_TYPES


def script_hash(text: str) -> str:
    """The CSP source that allows an inline script with exactly this text."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def inline_script_hashes(page: str) -> list[str]:
    """The hashes of the page's inline scripts that a browser runs, in order, each once."""
    hashes: list[str] = []
    for match in _SCRIPT.finditer(page):
        attributes = _attributes(match[1])
        if "src" in attributes or not runs_as_script(attributes):
            continue
        source = script_hash(match[2])
        if source not in hashes:
            hashes.append(source)
    return hashes


def policy_for(page: str) -> str:
    """The policy for one page: the base directives, with its inline scripts' hashes."""
    hashes = inline_script_hashes(page)
    parts = []
    for name, value in BASE_DIRECTIVES:
        if name == "script-src" and hashes:
            value = " ".join([value, *hashes])
        parts.append(f"{name} {value}")
    return "; ".join(parts)


def add_policy(page: str) -> str:
    """The page with its policy as the first element of <head> (after `<meta charset>`, which
    must stay in the first 1,024 bytes); raises PolicyError for a page without a <head>."""
    head = _HEAD.search(page)
    if head is None:
        raise PolicyError("the page has no <head> to put a Content-Security-Policy in")
    if _EXISTING.search(page):
        raise PolicyError("the page has a Content-Security-Policy already")
    at = head.end()
    charset = _CHARSET.match(page, at)
    if charset is not None:
        at = charset.end()
    meta = (
        '<meta http-equiv="Content-Security-Policy" '
        f'content="{html.escape(policy_for(page), quote=False).replace(chr(34), "&quot;")}">'
    )
    return page[:at] + meta + page[at:]
