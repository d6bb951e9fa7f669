"""boardpapers: board papers as a searchable static website.

The build is a pipeline of small stages (see `pipeline.build`): discover -> read -> validate -> markdown ->
link -> route -> render -> write -> index. Each stage is a module of the same name.
"""

__version__ = "0.1.0"
