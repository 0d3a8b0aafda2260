"""The indexed catalogue: case-insensitive lookups, wildcard matching, suggestions, ARN typing, condition keys."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping

from alicloud_gov.policy.catalog.model import ActionInfo, ConditionKey, ResourceType, ServiceInfo
from alicloud_gov.policy.catalog.text import (
    ARN_PARTS,
    CAMEL_WORD,
    arn_template_pattern,
    edit_distance,
    template_relative_prefix,
    wildcard_pattern,
)

_PATTERN_KEY_PREFIXES = ("acs:resourcetag/", "acs:requesttag/")
_MATCH_CACHE_LIMIT = 16384  # distinct patterns remembered; the cache starts over when full
REMEMBERED_TEXT_LENGTH = 256  # longer action texts (no real action is this long) are answered without being remembered
_NAME_CUTOFF = 0.8  # difflib similarity an action name needs to be suggested for a misspelt one


class Catalog:
    """Indexed, read-only view of the catalogue data. Build once (see :func:`load_catalog`)."""

    def __init__(
        self,
        actions: Iterable[ActionInfo],
        resource_types: Iterable[ResourceType],
        condition_keys: Iterable[ConditionKey],
        services: Iterable[ServiceInfo],
        service_aliases: Mapping[str, str] | None = None,
    ) -> None:
        self._services: dict[str, ServiceInfo] = {s.code.lower(): s for s in services}
        self._service_codes = frozenset(s.code for s in self._services.values())
        self._aliases = {k.lower(): v.lower() for k, v in (service_aliases or {}).items()}
        self._actions: dict[str, ActionInfo] = {}
        self._actions_by_service: dict[str, list[ActionInfo]] = {}
        self._names_by_service: dict[str, dict[str, ActionInfo]] = {}
        self._by_api: dict[str, ActionInfo] = {}
        for info in sorted(actions, key=lambda a: a.full_name.lower()):
            key = info.full_name.lower()
            self._actions[key] = info
            self._actions_by_service.setdefault(info.service.lower(), []).append(info)
            self._names_by_service.setdefault(info.service.lower(), {})[info.name.lower()] = info
            for api in info.apis:
                self._by_api.setdefault(api.lower(), info)
        self._all_actions = tuple(self._actions.values())
        self._lower_names_by_service: dict[str, tuple[tuple[str, ActionInfo], ...]] = {
            service: tuple((info.name.lower(), info) for info in infos)
            for service, infos in self._actions_by_service.items()
        }
        self._resource_types: dict[tuple[str, str], ResourceType] = {}
        ranked: list[tuple[int, bool, str, str, ResourceType]] = []
        for rtype in resource_types:
            self._resource_types[(rtype.service.lower(), rtype.name.lower())] = rtype
            for position, template in enumerate(rtype.arn_templates):
                prefix = template_relative_prefix(template)
                if prefix is not None:
                    ranked.append((-len(prefix[1]), position > 0, prefix[0], prefix[1], rtype))
        # Longest literal prefix wins; on a tie a canonical template beats an alternate, then the type defined by
        # the ARN's own service (ram's Role over sts's copy of it), then the name.
        ranked.sort(key=lambda item: (item[0], item[1], item[4].service.lower() != item[2], item[4].name.lower()))
        self._arn_prefixes: list[tuple[str, str, ResourceType]] = [(svc, pre, rt) for _, _, svc, pre, rt in ranked]
        self._condition_keys: dict[str, ConditionKey] = {k.name.lower(): k for k in condition_keys}
        self._match_cache: dict[str, tuple[ActionInfo, ...]] = {}
        self._suggest_cache: dict[str, str | None] = {}
        self._words_by_service: dict[str, dict[str, str]] = {}

    # --- services -------------------------------------------------------------------------------------------

    def services(self) -> frozenset[str]:
        """Known RAM service codes (including service-level-only ones such as ``ecs``)."""
        return self._service_codes

    def is_service_level_only(self, service: str) -> bool:
        """True for a known service whose actions are not catalogued (any action name is accepted)."""
        known = self._services.get(service.lower())
        return known is not None and known.service_level_only

    def service_title(self, service: str) -> str | None:
        """Human title of a known service code (``vpc`` -> ``Virtual Private Cloud``)."""
        known = self._services.get(service.lower())
        return known.title if known else None

    # --- actions --------------------------------------------------------------------------------------------

    def actions(self, service: str | None = None) -> list[ActionInfo]:
        """All catalogued actions, or those of one service, sorted by full name."""
        if service is None:
            return list(self._all_actions)
        return list(self._actions_by_service.get(service.lower(), ()))

    def action(self, full_name: str) -> ActionInfo | None:
        """Case-insensitive exact lookup of ``<ramcode>:<Name>``; None when unknown or malformed."""
        return self._actions.get(full_name.strip().lower())

    def match(self, pattern: str) -> list[ActionInfo]:
        """Catalogued actions matching a RAM wildcard action pattern (``vpc:*Vpc*``, ``*``), case-insensitively."""
        key = pattern.strip().lower()
        cached = self._match_cache.get(key)
        if cached is None:
            cached = self._compute_match(key)
            if len(self._match_cache) >= _MATCH_CACHE_LIMIT:
                self._match_cache.clear()
            self._match_cache[key] = cached
        return list(cached)

    def _compute_match(self, key: str) -> tuple[ActionInfo, ...]:
        if key in ("*", "*:*"):
            return self._all_actions
        if "*" not in key and "?" not in key:
            found = self._actions.get(key)
            return (found,) if found else ()
        service_part, sep, name_part = key.partition(":")
        if not sep or "*" in service_part or "?" in service_part:
            pattern = wildcard_pattern(key)
            return tuple(info for info in self._all_actions if pattern.matches(info.full_name))
        candidates = self._lower_names_by_service.get(service_part, ())
        literal = name_part[:-1]
        if name_part.endswith("*") and "*" not in literal and "?" not in literal:
            return tuple(info for name, info in candidates if name.startswith(literal))
        pattern = wildcard_pattern(name_part)
        return tuple(info for name, info in candidates if pattern.matches(name))

    def action_for_api(self, product: str, api: str) -> ActionInfo | None:
        """The action that authorises calling ``api`` of ``product`` (e.g. resourcemanager AttachPolicy)."""
        return self._by_api.get(f"{product}:{api}".lower())

    def suggest(self, full_name: str) -> str | None:
        """A "did you mean" for an unknown (misspelt or mis-prefixed) action or a pattern that matches nothing.

        For an action name: the canonical full name of the closest catalogued action. For a wildcard pattern: the
        pattern with its service code and misspelt words corrected (``vpc:Descrbe*`` -> ``vpc:Describe*``), if
        that matches something. None when nothing is close.
        """
        if full_name in self._suggest_cache:
            return self._suggest_cache[full_name]
        answer = self._compute_suggestion(full_name)
        if len(full_name) <= REMEMBERED_TEXT_LENGTH:
            if len(self._suggest_cache) >= _MATCH_CACHE_LIMIT:
                self._suggest_cache.clear()
            self._suggest_cache[full_name] = answer
        return answer

    def _compute_suggestion(self, full_name: str) -> str | None:
        text = full_name.strip()
        service, sep, name = text.partition(":")
        if not sep or not name:
            return None
        if "*" in text or "?" in text:
            return self._suggest_pattern(service, name)
        known = self.action(text)
        if known is not None:
            return known.full_name
        by_api = self._by_api.get(text.lower())
        if by_api is not None:
            return by_api.full_name
        for code in self._candidate_services(service):
            hit = self._closest_name(code, name)
            if hit is not None:
                return hit.full_name
        # Right action name under a wrong service code (e.g. "ecs:CreateVpc").
        exact_elsewhere = [names[name.lower()] for names in self._names_by_service.values() if name.lower() in names]
        if len(exact_elsewhere) == 1:
            return exact_elsewhere[0].full_name
        return None

    def _candidate_services(self, service: str) -> list[str]:
        """The service itself if catalogued, then its alias, then similarly spelt catalogued codes."""
        service_key = service.lower()
        candidates: list[str] = []
        if service_key in self._actions_by_service:
            candidates.append(service_key)
        alias = self._aliases.get(service_key)
        if alias and alias not in candidates:
            candidates.append(alias)
        for close in difflib.get_close_matches(service_key, list(self._actions_by_service), n=2, cutoff=0.6):
            if close not in candidates:
                candidates.append(close)
        return candidates

    def _suggest_pattern(self, service: str, name: str) -> str | None:
        if "*" in service or "?" in service:
            return None
        for code in self._candidate_services(service):
            candidate = f"{code}:{self._correct_words(code, name)}"
            if self.match(candidate):
                return candidate
        return None

    def _correct_words(self, service: str, pattern: str) -> str:
        """Replace each CamelCase word of the pattern's literal parts that no action of ``service`` uses."""
        vocabulary = self._words_by_service.get(service)
        if vocabulary is None:
            counts: dict[str, int] = {}
            spelling: dict[str, str] = {}
            for info in self._actions_by_service.get(service, ()):
                for word in CAMEL_WORD.findall(info.name):
                    counts[word.lower()] = counts.get(word.lower(), 0) + 1
                    spelling.setdefault(word.lower(), word)
            # Most used first, so that a tie in spelling distance goes to the common word.
            vocabulary = {w: spelling[w] for w in sorted(counts, key=lambda w: (-counts[w], w))}
            self._words_by_service[service] = vocabulary

        def fix(match: re.Match[str]) -> str:
            word = match.group(0)
            lower = word.lower()
            if lower in vocabulary or len(lower) < 3:
                return word
            limit = 1 if len(lower) <= 7 else 2
            best: tuple[int, str] | None = None
            for candidate in vocabulary:
                if abs(len(candidate) - len(lower)) > limit:
                    continue
                distance = edit_distance(lower, candidate)
                if distance <= limit and (best is None or distance < best[0]):
                    best = (distance, candidate)
            return vocabulary[best[1]] if best else word

        return CAMEL_WORD.sub(fix, pattern)

    def _closest_name(self, service: str, name: str) -> ActionInfo | None:
        names = self._names_by_service.get(service, {})
        exact = names.get(name.lower())
        if exact is not None:
            return exact
        # Only names whose length allows the cutoff ratio can match (difflib's own real_quick_ratio bound).
        lower = name.lower()
        size = len(lower)
        window = [known for known in names if 2.0 * min(size, len(known)) / (size + len(known)) >= _NAME_CUTOFF]
        close = difflib.get_close_matches(lower, window, n=1, cutoff=_NAME_CUTOFF)
        return names[close[0]] if close else None

    def actions_without_rg_support(self, service: str | None = None) -> list[ActionInfo]:
        """Actions that do not support resource-group-level authorisation (granting them at RG scope is moot)."""
        return [info for info in self.actions(service) if not info.supports_resource_group]

    # --- resource types ---------------------------------------------------------------------------------------

    def resource_types(self, service: str | None = None) -> list[ResourceType]:
        """All resource types, or those of one service."""
        return [
            rtype
            for (code, _), rtype in sorted(self._resource_types.items())
            if service is None or code == service.lower()
        ]

    def resource_type(self, service: str, name: str) -> ResourceType | None:
        """Case-insensitive lookup of a resource type by service code and type name."""
        return self._resource_types.get((service.lower(), name.lower()))

    def resource_type_for_arn(self, arn: str) -> ResourceType | None:
        """The resource type an ARN denotes, by its service code and relative-id prefix (None if unknown/``*``)."""
        parts = arn.strip().split(":", ARN_PARTS - 1)
        if len(parts) != ARN_PARTS or parts[0].lower() != "acs":
            return None
        service, relative = parts[1].lower(), parts[4].lower()
        for prefix_service, prefix, rtype in self._arn_prefixes:
            if prefix_service == service and relative.startswith(prefix):
                return rtype
        return None

    def arn_fits_action(self, action: ActionInfo, arn: str) -> bool | None:
        """Whether a concrete or wildcard ARN can name a resource ``action`` takes.

        True when the ARN is ``*``, matches one of the action's ARN templates, or denotes one of its resource
        types; False when the action takes only "All Resources" or the ARN denotes a type it does not take;
        None when the catalogue cannot tell: the action's resource types or the ARN's type are unknown, or the
        action's resource types are only curated (not from an authorisation table) and the ARN is not among them.
        """
        text = arn.strip()
        if text == "*":
            return True
        if action.all_resources_only:
            return False
        if not action.resource_level_known:
            return None
        for template in action.arn_templates:
            if arn_template_pattern(template).matches(text):
                return True
        rtype = self.resource_type_for_arn(text)
        if rtype is None:
            return None
        if rtype.name.lower() in {name.lower() for name in action.resource_types}:
            return True
        return False if action.resource_types_authoritative else None

    # --- condition keys ---------------------------------------------------------------------------------------

    def condition_keys(self) -> list[ConditionKey]:
        """All fixed-name condition keys (pattern keys such as ``acs:ResourceTag/<k>`` are resolved on lookup)."""
        return sorted(self._condition_keys.values(), key=lambda k: k.name.lower())

    def condition_key(self, name: str) -> ConditionKey | None:
        """Case-insensitive lookup of a condition key; ``acs:ResourceTag/<k>`` and ``acs:RequestTag/<k>`` resolve."""
        key = name.strip().lower()
        found = self._condition_keys.get(key)
        if found is not None:
            return found
        for prefix in _PATTERN_KEY_PREFIXES:
            if key.startswith(prefix) and len(key) > len(prefix):
                pattern = self._condition_keys.get(prefix + "<key>")
                if pattern is not None:
                    canonical_prefix = pattern.name[: len(prefix)]
                    return ConditionKey(canonical_prefix + name.strip()[len(prefix) :], pattern.type, pattern.source)
        return None
