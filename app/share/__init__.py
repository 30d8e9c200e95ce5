"""Shareable plan pages: signed links, and the HTML a runner (or a printer) sees."""
