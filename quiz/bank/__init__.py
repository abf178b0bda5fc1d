"""The question bank: safe YAML loading, typed schema, located findings and lint."""

from quiz.bank.errors import BankError, Finding
from quiz.bank.loader import bank_sources, load_bank, load_text
from quiz.bank.model import Bank, Item
from quiz.paths import packaged_bank_dir

__all__ = [
    "Bank",
    "BankError",
    "Finding",
    "Item",
    "bank_sources",
    "load_bank",
    "load_text",
    "packaged_bank_dir",
]
