/**
 * Every choice we made where the DM 2.0 text is UNKNOWN to us, in one module.
 *
 * Each constant is the RECOMMENDED DEFAULT of `/work/shared/spec/dm2-digest.md` (or our own
 * choice where the digest offers none). `docs/dm2-decisions.md` lists them in one table with the
 * digest's wording and where they are used. Values marked "configurable" can be overridden by the
 * caller through the options of the function that uses them; the rest are fixed protocol choices.
 */

/** Package#0 VER nibble written and accepted (digest §8.2: UNKNOWN, default 1). Configurable. */
export const PACKAGE0_VERSION = 1;

/**
 * Package#0 option header rule (digest §8.2: UNKNOWN): one byte `delta(4) | length(4)`; length
 * nibble 13 ⇒ one extension byte (13 + ext), 14 ⇒ two bytes (269 + ext), 15 reserved. Delta has
 * no extension (13–15 rejected). Fixed.
 */
export const PACKAGE0_OPTION_RULE = 'coap-style-length-extension' as const;

/** Package#0 TIMESTAMP width in bytes: unsigned POSIX seconds, big-endian (digest: UNKNOWN). Fixed. */
export const PACKAGE0_TIMESTAMP_BYTES = 4;

/** Package#0 PREFERRED-CON-TYPE width in bytes (digest: "Opaque" with 1-byte code points). Fixed. */
export const PACKAGE0_CON_TYPE_BYTES = 1;

/**
 * Digest input order (digest §7.3: UNKNOWN-ish): SHA-256(Secret ‖ notification-with-zeroed-digest
 * ‖ AuthData). Configurable (`DigestOrder`).
 */
export const PACKAGE0_DIGEST_ORDER = 'secret-message-data' as const;

/** Package#0 decoders require SERVER-ID (a client cannot pick an account without it). Fixed. */
export const PACKAGE0_REQUIRE_SERVER_ID = true;

/** Member of a Package#3 Status element carrying GET results (digest §2.5: UNKNOWN). Fixed. */
export const GET_RESULTS_MEMBER = 'MOS' as const;

/** Where the NOTIFICATION-ID travels in the ServerInitiatedMgmt alert (digest §2.3: UNKNOWN). Fixed. */
export const NOTIFICATION_ID_ALERT = { dataType: 'int', dataKey: 'NotificationID' } as const;

/** Media type of MO serialization bodies (HGET/HPUT/HPOST/SUB; digest §5.6: UNKNOWN). Configurable by callers. */
export const MO_SERIALIZATION_MEDIA_TYPE = 'application/vnd.oma.dm.mo+json' as const;

/** Status for an access-control denial (digest §6.1: INFERRED 403; 1.x used 425). Fixed. */
export const DENY_STATUS = 403 as const;

/** Status when a ClientURI resolves to nothing (digest §4.1: INFERRED 404). Fixed. */
export const NOT_FOUND_STATUS = 404 as const;

/** Status when an empty mo-inst (`MOID//`) matches more than one instance (digest: UNKNOWN 404/400). Fixed. */
export const AMBIGUOUS_INSTANCE_STATUS = 400 as const;

/** Status for deleting or replacing away a permanent node (digest §5.1: 405). Fixed. */
export const PERMANENT_NODE_STATUS = 405 as const;

/**
 * ClientURI text is compared literally: no percent-decoding of segments, nv values or cv (digest
 * §4.1 says encoding is "not required"; INFERRED). `&` therefore cannot occur in an nv value, and
 * the nv rel-path ends at the first `:` (the value may contain `:`). Fixed.
 */
export const CLIENT_URI_PERCENT_DECODING = false;

/**
 * Node names rejected everywhere (MOData keys, ClientURI segments): `.`/`..` (path confusion) and
 * `__proto__`/`constructor`/`prototype` (object-key hazards). Fixed.
 */
export const RESERVED_NODE_NAMES: readonly string[] = ['.', '..', '__proto__', 'constructor', 'prototype'];

/**
 * MOData leaf encoding (digest §5.3: examples show strings only): we write every leaf value as a
 * JSON string (int/float as decimal, bool as `true`/`false`, bin as base64 RFC 4648 with padding)
 * except `null`-format leaves, written as JSON `null`. Decoding also accepts JSON numbers and
 * booleans; without a format hook, strings become `chr`. Fixed.
 */
export const MODATA_LEAF_ENCODING = 'json-strings' as const;

/** Client-assigned MIIDs: the smallest positive decimal integer not used by the MOID. Configurable. */
export const MIID_ASSIGNMENT = 'smallest-free-integer' as const;

/** Generated cache validators: `r<revision>` where revision is the tree's change counter. Fixed. */
export const CV_PREFIX = 'r';

/**
 * Rights the creator of an MO instance receives (digest §6.1: "full permission"). Fixed.
 */
export const CREATOR_RIGHTS = ['Read', 'Write', 'Execute', 'Delegate'] as const;

/**
 * Delegate semantics (digest §6.3: UNKNOWN): a server holding Delegate on an instance may set
 * another server's rights on it to any subset of its own rights (empty set = revoke); it cannot
 * change the creator's rights or its own. Writing the DACMO (HGET into it) requires Delegate on
 * every instance the written entries name. Fixed.
 */
export const DELEGATE_RULE = 'subset-of-own-rights' as const;

/** MIID of the single DACMO instance the view exposes; root node name `DACMO`. Fixed. */
export const DACMO_MIID = 'dacmo';

/** Package#1 MOS lists granted MOIDs even when the server has no permitted instance (MIID: []). Fixed. */
export const MOS_LIST_EMPTY_GRANTS = true;
