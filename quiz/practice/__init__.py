"""The use cases of practice, review, cram, drill and interview sessions, UI-free."""
