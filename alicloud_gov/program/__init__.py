"""Pulumi programs (Python or YAML) run in-process under Pulumi's mocks, and the project-level checks.

- :mod:`~alicloud_gov.program.project`: a project on disk (``Pulumi.yaml``, the stack file, configuration).
- :mod:`~alicloud_gov.program.runner`: the one runner: every registration recorded as a
  :class:`~alicloud_gov.plan.access.ResourceRecord`, unknowns as :data:`~alicloud_gov.plan.UNKNOWN`.
- :mod:`~alicloud_gov.program.outputs`: the policies for what a registration answers (unknown as in a preview,
  derived from inputs and accounts, deployed from the stack's state).
- :mod:`~alicloud_gov.program.yaml_program`: YAML programs declared through the Python classes.
- :mod:`~alicloud_gov.program.project_check`: ``alicloud-gov check PROJECT_DIR``.
- :mod:`~alicloud_gov.program.stack_checks`: the registered stack-level checks and the table of every code.

``plan`` and ``check`` both run programs here, so they see the same values for the same program.
"""

from alicloud_gov.program.outputs import DeployedOutputs, DerivedOutputs, OutputPolicy, PreviewOutputs
from alicloud_gov.program.project import SECRET_PLACEHOLDER, ProgramError, Project, load_project
from alicloud_gov.program.runner import DeclaredProgram, run_program, run_under_mocks

__all__ = [
    "SECRET_PLACEHOLDER",
    "DeclaredProgram",
    "DeployedOutputs",
    "DerivedOutputs",
    "OutputPolicy",
    "PreviewOutputs",
    "ProgramError",
    "Project",
    "load_project",
    "run_program",
    "run_under_mocks",
]
