"""The question bank: safe YAML loading, typed schema, located findings, the bank cache.

Import from the modules (`quiz.bank.loader`, `quiz.bank.sources`, ...): this package itself
imports nothing, so that cheap modules such as `sources` stay cheap."""
