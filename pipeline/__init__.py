"""Breachwire: a newsroom knowledge base of AI supply-chain security incidents.

The stages live one per module (fetch, parse, select, extract, store, index,
build); `pipeline.run` chains them and is what the `breachwire` CLI calls.
"""

__version__ = "0.1.0"
