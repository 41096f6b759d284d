"""What happens to a contract that other features act on, inside the same transaction.

Signing only signs: it records the signature, moves the status and counts. Whatever follows from a
contract being signed or counted (its payment schedule, the report columns of the indicator...) is
done by the features that own it, connected here by the app shell (marketplace/features.py). The
handlers run synchronously in the signer's transaction, so a failure rolls the signature back with
them and the counting guarantees (one counted day per contract, decided by one conditional UPDATE)
still hold. Side effects outside the database (mail, search) do not belong here: they run after
commit (core.after_commit).

Each signal is sent with the contract as sender and `session=`, `actor=` keywords.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

# The terms are being fixed for signature (contracts.services.fix_terms): a receiver may return a dict
# of its own keys to add to the document both sides sign (the programme's share of a voucher), so that
# what it adds is signed and digested with the rest. Sent with `session=`.
terms_fixing = _signals.signal("terms-fixing")
# Both sides have signed: the status moved from awaiting_signatures to signed.
contract_signed = _signals.signal("contract-signed")
# The contract counted now, once, on its counted day (contract.counted_day is set).
contract_counted = _signals.signal("contract-counted")
