"""Drafting the annotation of a new statement.

``extract`` reads a statement sentence by sentence, applying the rules of
``codebook.yaml`` (through ``codebook``) and naming actors and places from
the gazetteers (``gazetteer`` and ``gazetteers/``). Nothing here touches the
database: the draft is a file a person reviews before ``tracker load``.
"""
