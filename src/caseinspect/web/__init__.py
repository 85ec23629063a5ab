"""The caseinspect web application (Django): inspections, case assessment, roles and audit.

Apps by area: :mod:`~caseinspect.web.accounts` (people, roles, sign-in),
:mod:`~caseinspect.web.inspections` (regions, inspections, cases, assessments, results),
:mod:`~caseinspect.web.audit` (the append-only log). Results come from
:mod:`caseinspect.analysis`; nothing here computes a percentage.
"""
