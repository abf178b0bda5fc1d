"""The Textual front end: one screen per file under screens/, styles in app.tcss."""
