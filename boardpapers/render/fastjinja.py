"""Jinja, minus per-call overhead the layouts do not need; the pages it renders are the same bytes.

Most of a small page's render time is Jinja's generic machinery rather than the page: every `{{ value }}` wraps
its result in a new Markup object, every `x.name` on a dict view raises and catches an AttributeError before
looking up the key, and every call asks the callee three times whether it wants the context. Each shortcut below
takes the common case directly and leaves every other case to Jinja.

The template, context and macro shortcuts lean on Jinja 3.1's internals (the names compiled layouts use, a
Macro's fields): with any other Jinja the environment is plain Jinja, slower and byte for byte the same.
"""

from __future__ import annotations

from collections import ChainMap
from types import BuiltinFunctionType, FunctionType, MethodType

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator
from jinja2.nodes import EvalContext
from jinja2.runtime import Context, Macro, new_context
from jinja2.utils import _PassArg
from markupsafe import Markup, escape

try:
    from markupsafe import _escape_inner as escape_str  # MarkupSafe 3: escapes a str to a str
except ImportError:
    escape_str = escape

def _jinja_3_1() -> bool:
    """From the module's own version string (importlib.metadata, which reads the installed files' metadata, took
    11 ms of every build's start-up)."""
    return str(getattr(jinja2, "__version__", "")).split(".")[:2] == ["3", "1"]


INTERNALS_KNOWN = _jinja_3_1()
STOP_ITERATION = "value was undefined because a callable raised a StopIteration exception"  # Jinja's message
_DICT_ATTRIBUTES = frozenset(dir(dict))


def _output(value) -> str:
    """What a compiled layout puts around `{{ value }}` with autoescape on, where Jinja's own `escape` is a Python
    function that wraps every result in a new Markup object. The outputs are only ever joined into one string
    (a page, a macro's result, a `set` block), so a plain escaped string is the same text without the wrapper."""
    kind = type(value)
    if kind is str:
        return escape_str(value)
    if kind is Markup:
        return value
    return escape(value)


class FastMacro(Macro):
    """A macro called with just its own arguments, by position (nearly every call in a layout), goes straight to its
    function: `Macro.__call__` sorts out keyword arguments, defaults, `caller` and `varargs` first, every time."""

    def __call__(self, *args, **kwargs):
        if not (kwargs or self.caller or self.catch_kwargs or self.catch_varargs):
            if args and type(args[0]) is EvalContext:  # called from a layout (see FastContext.call)
                if len(args) - 1 == self._argument_count:
                    html = self._func(*args[1:])
                    return Markup(html) if args[0].autoescape else html
            elif len(args) == self._argument_count:  # called from Python, e.g. a `call` block's caller
                html = self._func(*args)
                return Markup(html) if self._default_autoescape else html
        return super().__call__(*args, **kwargs)


class FastTemplate(jinja2.Template):
    @classmethod
    def _from_namespace(cls, environment, namespace, globals):
        namespace["escape"] = _output  # the compiled module's own name for the output filter (see `_output`)
        namespace["Macro"] = FastMacro  # and for the macros it defines
        return super()._from_namespace(environment, namespace, globals)

    def new_context(self, vars=None, shared=False, locals=None):
        """A template's globals are a ChainMap of its own (almost always none) over the environment's, which Jinja
        copies twice per render, key by key through Python code; when it has none of its own, the environment's
        dict holds the same names and values and copies at C speed."""
        scope = self.globals
        if type(scope) is ChainMap and len(scope.maps) == 2 and not scope.maps[0]:
            scope = scope.maps[1]
        return new_context(self.environment, self.name, self.blocks, vars, shared, scope, locals)


class FastContext(Context):
    """Jinja's context with a shorter path for the calls layouts make most: methods of the site view, functions
    and macros. `Context.call` asks every callee, with three `hasattr`s, whether it wants the context passed in;
    a plain method or function (no `pass_*` decorator), a builtin and a macro (which always takes the eval context) are
    answered here with one question or none, as is a function that takes the context (`pass_context`), outside a
    loop or block that sets variables or wherever it is `pass_render_context`. Anything else goes the usual way."""

    def call(__self, __obj, *args, **kwargs):
        kind = type(__obj)
        if kind is MethodType:
            if hasattr(__obj.__func__, "jinja_pass_arg"):
                return super().call(__obj, *args, **kwargs)
        elif kind is FunctionType:
            pass_arg = getattr(__obj, "jinja_pass_arg", None)
            if pass_arg is _PassArg.context:
                if (kwargs.get("_loop_vars") or kwargs.get("_block_vars")) and not hasattr(__obj, "render_vars_only"):
                    return super().call(__obj, *args, **kwargs)  # it gets a copy with the loop's or block's variables
                args = (__self, *args)
            elif pass_arg is not None:
                return super().call(__obj, *args, **kwargs)
        elif kind is FastMacro or kind is Macro:
            args = (__self.eval_ctx, *args)
        elif kind is not BuiltinFunctionType:  # (a builtin, e.g. a dict's `get`, cannot carry a pass_* mark)
            return super().call(__obj, *args, **kwargs)
        if kwargs:
            kwargs.pop("_block_vars", None)
            kwargs.pop("_loop_vars", None)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:
            return __self.environment.undefined(STOP_ITERATION)


class FastCodeGenerator(CodeGenerator):
    """Compiles a run of text and `{{ values }}` into one `yield` of the joined pieces where Jinja yields each piece
    (a page is some hundreds of pieces, each passed up through the block, the base layout and the child layout's
    generators). The pieces are the same and joined in the same order; each still has its own line, so an error
    still names its layout line."""

    def visit_Output(self, node, frame):
        if frame.buffer is not None or frame.require_output_check:
            return super().visit_Output(node, frame)
        finalize = self._make_finalize()
        body: list = []
        for child in node.nodes:  # Jinja's own constant folding, as in CodeGenerator.visit_Output
            try:
                if not (finalize.const or isinstance(child, nodes.TemplateData)):
                    raise nodes.Impossible()
                const = self._output_child_to_const(child, frame, finalize)
            except (nodes.Impossible, Exception):
                body.append(child)
                continue
            if body and isinstance(body[-1], list):
                body[-1].append(const)
            else:
                body.append([const])
        if len(body) < 2:
            return super().visit_Output(node, frame)
        self.writeline("yield concat((")
        self.indent()
        for item in body:
            if isinstance(item, list):
                self.writeline(self._output_const_repr(item) + ",")
            else:
                self.newline(item)
                self._output_child_pre(item, frame, finalize)
                self.visit(item, frame)
                self._output_child_post(item, frame, finalize)
                self.write(",")
        self.outdent()
        self.writeline("))")
        return None


def pass_render_context(fn):
    """`jinja2.pass_context` for a function that reads only the variables a page is rendered with (`site`,
    `config`): it is given the page's context itself where Jinja would first copy it with the variables of the
    enclosing loop or block (`{% set %}` inside a block makes every later call there pay for a copy)."""
    fn = jinja2.pass_context(fn)
    fn.render_vars_only = True
    return fn


class FastEnvironment(jinja2.Environment):
    """Also: `get_template` answers from a plain dict once a layout is loaded (layouts do not change under one
    environment: `auto_reload` must be off), where Jinja takes a lock, a weak reference and an LRU reordering on
    every `extends`, `import` and `include`."""

    if INTERNALS_KNOWN:
        template_class = FastTemplate
        context_class = FastContext
        code_generator_class = FastCodeGenerator

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        assert not self.auto_reload, "FastEnvironment keeps every layout it loads"
        assert not self.is_async, "FastMacro calls macros' functions directly"
        self.loaded_templates: dict[str, jinja2.Template] = {}

    def get_template(self, name, parent=None, globals=None):
        if globals is None and type(name) is str:
            found = self.loaded_templates.get(name if parent is None else self.join_path(name, parent))
            if found is not None:
                return found
        template = super().get_template(name, parent, globals)
        if globals is None and type(name) is str:
            self.loaded_templates[template.name] = template
        return template

    def getattr(self, obj, attribute):
        """`x.name` in a layout, as Jinja does it (the attribute, else the item) in one call. A page's view is a
        dict, whose only attributes are dict's own methods: its keys are asked for at once, where Jinja would
        raise and catch an AttributeError first."""
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        try:
            return getattr(obj, attribute)
        except AttributeError:
            pass
        try:
            return obj[attribute]
        except (TypeError, LookupError, AttributeError):
            return self.undefined(obj=obj, name=attribute)
