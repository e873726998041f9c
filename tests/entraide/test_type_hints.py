"""Services and selectors carry type hints (issue 18): every public function of an app's
`services` and `selectors` modules annotates its parameters and its return, and the
annotations name things that exist. Nothing else checks them (no mypy in CI), and with
`from __future__ import annotations` they are never evaluated at run time."""

import ast
import importlib
import importlib.util
import inspect
import typing

import pytest
from django.apps import apps

LAYERS = ("services", "selectors")


def layer_modules():
    names = []
    for config in apps.get_app_configs():
        for layer in LAYERS:
            name = f"{config.name}.{layer}"
            if importlib.util.find_spec(name) is not None:
                names.append(name)
    return names


def public_functions(module):
    return [
        (name, function)
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if function.__module__ == module.__name__ and not name.startswith("_")
    ]


def unannotated(function):
    signature = inspect.signature(function)
    missing = [
        parameter.name
        for parameter in signature.parameters.values()
        if parameter.name not in ("self", "cls") and parameter.annotation is parameter.empty
    ]
    if signature.return_annotation is signature.empty:
        missing.append("return")
    return missing


def names_for_annotations(module):
    """The module's globals, plus what it imports only for type checkers (the imports under
    `if TYPE_CHECKING:`, there to avoid import cycles)."""
    namespace = dict(vars(module))
    for node in ast.parse(inspect.getsource(module)).body:
        if isinstance(node, ast.If) and ast.unparse(node.test).endswith("TYPE_CHECKING"):
            block = ast.Module(body=node.body, type_ignores=[])
            exec(compile(block, module.__file__, "exec"), namespace)  # noqa: S102 - its imports
    return namespace


def test_apps_have_services_and_selectors_to_check():
    assert {"entraide.services", "beneficiaries.services", "beneficiaries.selectors"} <= set(
        layer_modules()
    )


@pytest.mark.parametrize("name", layer_modules())
def test_every_public_function_annotates_its_parameters_and_return(name):
    module = importlib.import_module(name)
    missing = {
        function_name: gaps
        for function_name, function in public_functions(module)
        if (gaps := unannotated(function))
    }
    assert not missing, f"{name}: annotate {missing}"


@pytest.mark.parametrize("name", layer_modules())
def test_every_annotation_names_something_that_exists(name):
    module = importlib.import_module(name)
    namespace = names_for_annotations(module)
    unresolved = {}
    for function_name, function in public_functions(module):
        try:
            typing.get_type_hints(function, globalns=namespace)
        except Exception as error:  # NameError, TypeError...: each means a wrong annotation
            unresolved[function_name] = repr(error)
    assert not unresolved, f"{name}: {unresolved}"
