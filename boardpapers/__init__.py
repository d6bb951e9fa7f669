"""boardpapers: board papers as a searchable static website.

The build is a pipeline of small stages, one a line in `pipeline.build`: discover -> read -> validate ->
publish -> markdown -> link -> route -> render -> index -> write; each lives in the folder of its layer
(content/, markdown/, graph/, pages/, render/, search/, write/), and cache/ runs them through the build cache.
"""

__version__ = "0.1.0"
