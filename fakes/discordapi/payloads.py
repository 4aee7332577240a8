"""Builders for complete Discord payloads: users, members, guilds, messages and interactions.

Everything here returns plain dicts shaped like what Discord sends (API v10), with every key
discord.py 2.7.1 reads unconditionally (``Interaction._from_data``, ``Member.__init__``,
``Message._update``...) present, so a payload built here never kills the client with a
KeyError. The builders are pure: they know nothing about the fake server. ``FakeDiscord`` has
convenience methods (``slash``, ``autocomplete``, ``click``, ``select``) that fill in command ids,
guild ids and types from the commands the bot actually registered.

Option values: ``option("council", "barnet")`` infers the type from the Python value (str 3,
bool 5, int 4, float 10); pass ``type=`` for user/channel/role/mentionable/attachment options.
"""

from __future__ import annotations

import itertools
import secrets
import time
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

DISCORD_EPOCH_MS = 1420070400000

# Fixed identities of the fake (any snowflake-shaped ids would do; fixed ones keep logs readable).
APP_ID = "1300000000000000001"  # the application and its bot user share the id, as on Discord
GUILD_ID = "1300000000000000100"
CHANNEL_ID = "1300000000000000101"
MEMBER_ROLE_ID = "1300000000000000102"
ADMIN_ROLE_ID = "1300000000000000103"
ALICE_ID = "1300000000000000200"  # an ordinary member of the test guild
ADMIN_ID = "1300000000000000201"  # the guild owner, with the Admin role
DM_USER_ID = "1300000000000000202"  # a user who only talks to the bot in DMs
DM_CHANNEL_ID = "1300000000000000203"

# Permission bits (https://discord.com/developers/docs/topics/permissions).
ADMINISTRATOR = 1 << 3
MANAGE_GUILD = 1 << 5
ADD_REACTIONS = 1 << 6
VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
EMBED_LINKS = 1 << 14
ATTACH_FILES = 1 << 15
READ_MESSAGE_HISTORY = 1 << 16
MENTION_EVERYONE = 1 << 17
USE_EXTERNAL_EMOJIS = 1 << 18
CONNECT = 1 << 20
SPEAK = 1 << 21
CHANGE_NICKNAME = 1 << 26
USE_APPLICATION_COMMANDS = 1 << 31
SEND_MESSAGES_IN_THREADS = 1 << 38
EVERYONE_PERMISSIONS = (
    ADD_REACTIONS | VIEW_CHANNEL | SEND_MESSAGES | EMBED_LINKS | ATTACH_FILES
    | READ_MESSAGE_HISTORY | USE_EXTERNAL_EMOJIS | CONNECT | SPEAK | CHANGE_NICKNAME
    | USE_APPLICATION_COMMANDS | SEND_MESSAGES_IN_THREADS
)
ALL_PERMISSIONS = (1 << 53) - 1

# Interaction and component type numbers.
PING, APPLICATION_COMMAND, MESSAGE_COMPONENT, AUTOCOMPLETE, MODAL_SUBMIT = 1, 2, 3, 4, 5
SUB_COMMAND, SUB_COMMAND_GROUP, STRING, INTEGER, BOOLEAN = 1, 2, 3, 4, 5
USER, CHANNEL, ROLE, MENTIONABLE, NUMBER, ATTACHMENT = 6, 7, 8, 9, 10, 11
BUTTON, STRING_SELECT = 2, 3

ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024  # a guild without boosts


class Snowflakes:
    """Unique, increasing snowflake ids (as strings) from the current time."""

    def __init__(self) -> None:
        self._counter = itertools.count(1)

    def __call__(self) -> str:
        ms = int(time.time() * 1000) - DISCORD_EPOCH_MS
        return str((ms << 22) | (1 << 17) | (next(self._counter) & 0xFFF))


new_id = Snowflakes()


def iso_now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S.000000+00:00", time.gmtime())


def token() -> str:
    """An interaction token (opaque to the bot; Discord's are long base64-ish strings)."""
    return "aW50ZXJhY3Rpb246" + secrets.token_urlsafe(48)


# -- people ---------------------------------------------------------------------------------


def user(user_id: str, username: str, *, bot: bool = False, global_name: str | None = None,
         **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": str(user_id),
        "username": username,
        "discriminator": "0",
        "global_name": global_name if global_name is not None else username.title(),
        "avatar": None,
        "avatar_decoration_data": None,
        "banner": None,
        "accent_color": None,
        "collectibles": None,
        "primary_guild": None,
        "public_flags": 0,
        "flags": 0,
    }
    if bot:
        data["bot"] = True
    data.update(extra)
    return data


def bot_user(app_id: str = APP_ID, name: str = "Election Bot") -> dict[str, Any]:
    return user(app_id, name.lower().replace(" ", "-"), bot=True, global_name=None)


def alice() -> dict[str, Any]:
    return user(ALICE_ID, "alice")


def admin() -> dict[str, Any]:
    return user(ADMIN_ID, "admin")


def dm_user() -> dict[str, Any]:
    return user(DM_USER_ID, "dora")


def member(user_data: Mapping[str, Any], *, roles: Iterable[str] = (MEMBER_ROLE_ID,),
           permissions: int | None = None, nick: str | None = None,
           joined_at: str = "2024-05-02T09:00:00.000000+00:00", flags: int = 0,
           with_permissions: bool = True) -> dict[str, Any]:
    """A guild member as in an interaction (``permissions`` = resolved channel permissions)."""
    data: dict[str, Any] = {
        "user": dict(user_data),
        "nick": nick,
        "avatar": None,
        "banner": None,
        "avatar_decoration_data": None,
        "roles": [str(r) for r in roles],
        "joined_at": joined_at,
        "premium_since": None,
        "deaf": False,
        "mute": False,
        "pending": False,
        "flags": flags,
        "communication_disabled_until": None,
        "unusual_dm_activity_until": None,
    }
    if with_permissions:
        data["permissions"] = str(EVERYONE_PERMISSIONS if permissions is None else permissions)
    return data


def alice_member() -> dict[str, Any]:
    return member(alice())


def admin_member() -> dict[str, Any]:
    return member(admin(), roles=(MEMBER_ROLE_ID, ADMIN_ROLE_ID), permissions=ALL_PERMISSIONS)


# -- places ---------------------------------------------------------------------------------


def role(role_id: str, name: str, *, permissions: int = 0, position: int = 0,
         color: int = 0, hoist: bool = False, managed: bool = False) -> dict[str, Any]:
    return {
        "id": str(role_id),
        "name": name,
        "description": None,
        "permissions": str(permissions),
        "position": position,
        "color": color,
        "colors": {"primary_color": color, "secondary_color": None, "tertiary_color": None},
        "hoist": hoist,
        "managed": managed,
        "mentionable": False,
        "icon": None,
        "unicode_emoji": None,
        "flags": 0,
    }


def text_channel(channel_id: str = CHANNEL_ID, guild_id: str = GUILD_ID, name: str = "general",
                 *, position: int = 0, permissions: int | None = None) -> dict[str, Any]:
    """A guild text channel; with ``permissions`` it is the interaction form of it."""
    data: dict[str, Any] = {
        "id": str(channel_id),
        "type": 0,
        "guild_id": str(guild_id),
        "name": name,
        "position": position,
        "permission_overwrites": [],
        "parent_id": None,
        "topic": None,
        "nsfw": False,
        "rate_limit_per_user": 0,
        "last_message_id": None,
        "last_pin_timestamp": None,
        "flags": 0,
    }
    if permissions is not None:
        data["permissions"] = str(permissions)
    return data


def dm_channel(recipient: Mapping[str, Any], channel_id: str = DM_CHANNEL_ID) -> dict[str, Any]:
    return {
        "id": str(channel_id),
        "type": 1,
        "last_message_id": None,
        "flags": 0,
        "recipients": [dict(recipient)],
    }


def guild(guild_id: str = GUILD_ID, name: str = "Election Test Server", *,
          owner_id: str = ADMIN_ID, app_id: str = APP_ID,
          channels: Sequence[Mapping[str, Any]] | None = None,
          roles: Sequence[Mapping[str, Any]] | None = None,
          members: Sequence[Mapping[str, Any]] | None = None,
          bot: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """A GUILD_CREATE payload: the full guild, its channels, roles and (some) members."""
    if roles is None:
        roles = [
            role(guild_id, "@everyone", permissions=EVERYONE_PERMISSIONS),
            role(MEMBER_ROLE_ID, "Member", position=1),
            role(ADMIN_ROLE_ID, "Admin", permissions=ADMINISTRATOR, position=2, hoist=True),
        ]
    if channels is None:
        channels = [text_channel(CHANNEL_ID, guild_id)]
    channels = [{k: v for k, v in c.items() if k not in ("guild_id", "permissions")}
                for c in channels]
    if members is None:
        members = [
            member(bot or bot_user(app_id), roles=(), with_permissions=False),
            member(alice(), with_permissions=False),
            member(admin(), roles=(MEMBER_ROLE_ID, ADMIN_ROLE_ID), with_permissions=False),
        ]
    return {
        "id": str(guild_id),
        "name": name,
        "icon": None,
        "icon_hash": None,
        "splash": None,
        "discovery_splash": None,
        "banner": None,
        "description": None,
        "owner_id": str(owner_id),
        "application_id": None,
        "afk_channel_id": None,
        "afk_timeout": 300,
        "widget_enabled": False,
        "widget_channel_id": None,
        "verification_level": 1,
        "default_message_notifications": 1,
        "explicit_content_filter": 2,
        "mfa_level": 0,
        "nsfw_level": 0,
        "premium_tier": 0,
        "premium_subscription_count": 0,
        "premium_progress_bar_enabled": False,
        "preferred_locale": "en-GB",
        "system_channel_id": str(channels[0]["id"]) if channels else None,
        "system_channel_flags": 0,
        "rules_channel_id": None,
        "public_updates_channel_id": None,
        "safety_alerts_channel_id": None,
        "vanity_url_code": None,
        "max_members": 500000,
        "max_presences": None,
        "max_video_channel_users": 25,
        "max_stage_video_channel_users": 50,
        "features": [],
        "roles": [dict(r) for r in roles],
        "emojis": [],
        "stickers": [],
        "soundboard_sounds": [],
        "incidents_data": None,
        # GUILD_CREATE-only fields
        "joined_at": "2024-05-01T12:00:00.000000+00:00",
        "large": False,
        "unavailable": False,
        "lazy": True,
        "member_count": len(members),
        "voice_states": [],
        "members": [dict(m) for m in members],
        "channels": channels,
        "threads": [],
        "presences": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "embedded_activities": [],
        "activity_instances": [],
        "version": 1,
        "hub_type": None,
        "latest_onboarding_question_id": None,
        "application_command_counts": {},
        "home_header": None,
    }


# -- messages -------------------------------------------------------------------------------


def message(message_id: str, channel_id: str, author: Mapping[str, Any], *, content: str = "",
            embeds: Sequence[Mapping[str, Any]] = (), components: Sequence[Any] = (),
            attachments: Sequence[Mapping[str, Any]] = (), flags: int = 0, type: int = 0,
            guild_id: str | None = None, webhook_id: str | None = None,
            application_id: str | None = None,
            interaction_metadata: Mapping[str, Any] | None = None,
            edited_timestamp: str | None = None, timestamp: str | None = None,
            **extra: Any) -> dict[str, Any]:
    """A message as Discord returns it (REST) or sends it in an interaction's ``message``."""
    data: dict[str, Any] = {
        "id": str(message_id),
        "type": type,
        "channel_id": str(channel_id),
        "author": dict(author),
        "content": content,
        "timestamp": timestamp or iso_now(),
        "edited_timestamp": edited_timestamp,
        "tts": False,
        "mention_everyone": False,
        "mentions": [],
        "mention_roles": [],
        "mention_channels": [],
        "attachments": [dict(a) for a in attachments],
        "embeds": [dict(e) for e in embeds],
        "components": list(components),
        "reactions": [],
        "pinned": False,
        "flags": flags,
        "position": 0,
    }
    if guild_id is not None:
        data["guild_id"] = str(guild_id)
    if webhook_id is not None:
        data["webhook_id"] = str(webhook_id)
    if application_id is not None:
        data["application_id"] = str(application_id)
    if interaction_metadata is not None:
        data["interaction_metadata"] = dict(interaction_metadata)
    data.update(extra)
    return data


def button(custom_id: str, label: str, *, style: int = 1, component_id: int = 2) -> dict[str, Any]:
    return {"type": BUTTON, "id": component_id, "custom_id": custom_id, "style": style,
            "label": label, "disabled": False}


def action_row(*components: Mapping[str, Any], component_id: int = 1) -> dict[str, Any]:
    return {"type": 1, "id": component_id, "components": [dict(c) for c in components]}


# -- options --------------------------------------------------------------------------------


def _infer_type(value: Any) -> int:
    if isinstance(value, bool):
        return BOOLEAN
    if isinstance(value, int):
        return INTEGER
    if isinstance(value, float):
        return NUMBER
    return STRING


def option(name: str, value: Any, *, type: int | None = None,
           focused: bool = False) -> dict[str, Any]:
    """A value option as in ``data.options`` (``focused`` marks the autocomplete target)."""
    t = _infer_type(value) if type is None else type
    data: dict[str, Any] = {"name": name, "type": t,
                            "value": str(value) if t in (USER, CHANNEL, ROLE, MENTIONABLE,
                                                         ATTACHMENT) else value}
    if focused:
        data["focused"] = True
    return data


def subcommand(name: str, *options: Mapping[str, Any]) -> dict[str, Any]:
    return {"name": name, "type": SUB_COMMAND, "options": [dict(o) for o in options]}


def subcommand_group(name: str, *subcommands: Mapping[str, Any]) -> dict[str, Any]:
    return {"name": name, "type": SUB_COMMAND_GROUP, "options": [dict(s) for s in subcommands]}


def options_from_kwargs(values: Mapping[str, Any], focused: str | None = None
                        ) -> list[dict[str, Any]]:
    return [option(k, v, focused=(k == focused)) for k, v in values.items()]


# -- interactions ---------------------------------------------------------------------------


def interaction(type: int, data: Mapping[str, Any] | None, *, app_id: str = APP_ID,
                guild_id: str | None = GUILD_ID, channel: Mapping[str, Any] | None = None,
                member_data: Mapping[str, Any] | None = None,
                user_data: Mapping[str, Any] | None = None,
                message_data: Mapping[str, Any] | None = None,
                interaction_id: str | None = None, interaction_token: str | None = None,
                locale: str = "en-GB", guild_locale: str = "en-GB",
                app_permissions: int = EVERYONE_PERMISSIONS,
                guild_features: Sequence[str] = ()) -> dict[str, Any]:
    """The INTERACTION_CREATE payload every interaction type shares.

    In a guild (``guild_id`` set) the invoker is ``member_data`` (default: Alice); in a DM
    (``guild_id=None``) it is ``user_data`` (default: Dora) and the channel is the DM with her.
    """
    payload: dict[str, Any] = {
        "id": interaction_id or new_id(),
        "application_id": str(app_id),
        "type": type,
        "token": interaction_token or token(),
        "version": 1,
        "locale": locale,
        "app_permissions": str(app_permissions),
        "entitlements": [],
        "entitlement_sku_ids": [],
        "attachment_size_limit": ATTACHMENT_SIZE_LIMIT,
    }
    if data is not None:
        payload["data"] = dict(data)
    if guild_id is not None:
        m = dict(member_data) if member_data is not None else alice_member()
        ch = dict(channel) if channel is not None else text_channel(
            guild_id=guild_id, permissions=int(m.get("permissions", EVERYONE_PERMISSIONS)))
        payload.update({
            "guild_id": str(guild_id),
            "guild": {"id": str(guild_id), "locale": guild_locale,
                      "features": list(guild_features)},
            "guild_locale": guild_locale,
            "member": m,
            "channel": ch,
            "channel_id": ch["id"],
            "authorizing_integration_owners": {"0": str(guild_id)},
            "context": 0,
        })
    else:
        u = dict(user_data) if user_data is not None else dm_user()
        ch = dict(channel) if channel is not None else dm_channel(u)
        payload.update({
            "user": u,
            "channel": ch,
            "channel_id": ch["id"],
            # A guild-installed app in a DM with its bot user: the owner id is "0".
            "authorizing_integration_owners": {"0": "0"},
            "context": 1,
        })
    if message_data is not None:
        payload["message"] = dict(message_data)
    return payload


def slash_command(name: str, options: Sequence[Mapping[str, Any]] = (), *,
                  command_id: str | None = None, command_guild_id: str | None = None,
                  resolved: Mapping[str, Any] | None = None, **kwargs: Any) -> dict[str, Any]:
    """A chat-input command (type 2). ``command_guild_id`` is set for a guild-registered command
    (discord.py looks the command up by name *and* that id). ``options`` may hold subcommand
    groups/subcommands (see ``subcommand_group``/``subcommand``)."""
    data: dict[str, Any] = {"id": command_id or new_id(), "name": name, "type": 1}
    if options:
        data["options"] = [dict(o) for o in options]
    if resolved:
        data["resolved"] = dict(resolved)
    if command_guild_id is not None:
        data["guild_id"] = str(command_guild_id)
    return interaction(APPLICATION_COMMAND, data, **kwargs)


def autocomplete(name: str, options: Sequence[Mapping[str, Any]], **kwargs: Any
                 ) -> dict[str, Any]:
    """An autocomplete request (type 4): like a slash command, one option has focused=True."""
    if not any(_has_focus(o) for o in options):
        raise ValueError("an autocomplete interaction needs one option with focused=True")
    payload = slash_command(name, options, **kwargs)
    payload["type"] = AUTOCOMPLETE
    return payload


def _has_focus(o: Mapping[str, Any]) -> bool:
    return bool(o.get("focused")) or any(_has_focus(s) for s in o.get("options", []) or [])


def component(custom_id: str, message_data: Mapping[str, Any], *, component_type: int = BUTTON,
              values: Sequence[str] | None = None, **kwargs: Any) -> dict[str, Any]:
    """A button click (component_type 2) or a select (3, with ``values``) on ``message_data``."""
    data: dict[str, Any] = {"custom_id": custom_id, "component_type": component_type}
    if component_type != BUTTON:
        data["values"] = list(values or [])
    if kwargs.get("guild_id", GUILD_ID) is None and "channel" not in kwargs:
        user_data = kwargs.get("user_data") or dm_user()
        kwargs["channel"] = dm_channel(user_data, str(message_data["channel_id"]))
    return interaction(MESSAGE_COMPONENT, data, message_data=message_data, **kwargs)
