----------------------------- MODULE SysletRing -----------------------------
(***************************************************************************)
(* The v5 syslet completion ring and sys_async_wait.                       *)
(*                                                                         *)
(* User space hands the kernel a ring of N pointer slots (async_head_user: *)
(* completion_ring, ring_size_bytes).  When an asynchronous syslet ends,   *)
(* the background thread stores its final atom in slot kernel_ring_idx (K) *)
(* and advances K, wrapping to 0 at the end of the ring.  User space reaps *)
(* in order from its own index U: it reads the slot, clears it to NULL and *)
(* advances U.  The v1 documentation, as quoted by Davide Libenzi          *)
(* (2007-02-13, "Re: [patch 06/11] syslets: core, documentation",          *)
(* linux-kernel): "The kernel will not overwrite non-NULL pointers (but    *)
(* will return an error), user-space has to make sure it completes all     *)
(* events it asked for."                                                   *)
(*                                                                         *)
(* sys_async_wait(min, user_ring_idx, ahu) computes, under the ring lock,  *)
(*     ah->events_left = min_wait_events - (kernel_ring_idx - user_ring_idx)*)
(* (quoted by Milton Miller, 2007-03-13, "Re: [patch 00/12] Syslets,       *)
(* Threadlets, generic AIO support, v5", linux-kernel) and sleeps while    *)
(* events_left > 0; every post counts events_left down and wakes the      *)
(* waiter when nothing is left.                                            *)
(*                                                                         *)
(* Steps are as fine as the races of the runtime.  A post is two steps     *)
(* under the ring lock: Post stores the slot (or backlogs / drops the      *)
(* completion), PublishK then publishes K and counts events_left down.    *)
(* A reap is three user steps without a lock: ReapRead reads slot U,       *)
(* ReapClear hands the slot back (NULL), ReapAdvance advances U.           *)
(* async_wait is WaitEnter, possibly a sleep, and WaitReturn.              *)
(*                                                                         *)
(* Variants (constant Formula), never copies of this module:               *)
(*   "v5"     the formula above in W-bit unsigned arithmetic      (MM1)    *)
(*   "milton" Milton's fix: add N when K < U                               *)
(*   "full"   Milton's fix, and K = U with slot[U] # NULL is N events      *)
(*            pending, not 0                                  (RING-FULL)  *)
(*   "free"   free-running W-bit indices, slot = index mod N: v7's ring    *)
(*            and io_uring's CQ (head U, tail K, mask N - 1): the kernel   *)
(*            tests fullness by K - U, the user trusts K                   *)
(* Overflow (constant Overflow): "drop" is v5 -- a completion that finds   *)
(* its slot taken, or whose store faults, is lost and nothing reaches user *)
(* space (MM16); "backlog" is the fix -- the completion waits in a kernel  *)
(* backlog flushed into freed slots (io_uring's IORING_FEAT_NODROP and its *)
(* overflow list), and every completion error is counted in a word user    *)
(* space can read (the error channel Milton asked for).                    *)
(***************************************************************************)
EXTENDS Integers, FiniteSets, Sequences

CONSTANTS
    N,            \* number of ring slots (ring_size_bytes / 8)
    W,            \* width in bits of the index and events_left words
    Atoms,        \* the async syslets, named by positive integers (their final atom)
    NULL,         \* the empty slot
    Formula,      \* "v5" | "milton" | "full" | "free"
    Overflow,     \* "drop" | "backlog"
    Depth,        \* user-space discipline: at most Depth syslets outstanding (fio: iodepth)
    FaultyAtoms   \* the syslets whose completion may fault once (user memory the kernel cannot write)

ASSUME RingHasSlots == N \in Nat \ {0}
ASSUME AtomsAreNamed == Atoms \subseteq Nat \ {0} /\ NULL \notin Atoms
ASSUME FaultyAreAtoms == FaultyAtoms \subseteq Atoms
ASSUME KnownFormula == Formula \in {"v5", "milton", "full", "free"}
ASSUME KnownOverflow == Overflow \in {"drop", "backlog"}
ASSUME DepthIsCount == Depth \in Nat
ASSUME WidthIsPositive == W \in Nat \ {0}

(***************************************************************************)
(* The width bound.  events_left is min - pending computed in W-bit words  *)
(* and read back as a signed W-bit word, whose range is                    *)
(* -2^(W-1) .. 2^(W-1) - 1.  A model means what the 64-bit kernel does     *)
(* only if no value the formula produces wraps in W bits:                  *)
(*  - milton, full, free: min \in 1..N and pending \in 0..N, so            *)
(*    min - pending \in 1-N .. N.  It fits iff N <= 2^(W-1) - 1.           *)
(*    N = 2^(W-1) is not enough: N and -N are the same W-bit word, and an  *)
(*    empty ring with min = N would read events_left = -N and return.      *)
(*  - v5 after a wrap: K - U is 2^W - (U - K), so events_left is           *)
(*    min + (U - K), at most N + (N - 1) = 2N - 1.  In 64 bits that is a   *)
(*    small positive number and the waiter sleeps (MM1); in W bits it      *)
(*    reads the same only if 2N - 1 <= 2^(W-1) - 1.                        *)
(*  - free: pending = K - U mod 2^W is the true count because the count   *)
(*    never exceeds N < 2^W (implied by the first bound), and the slot     *)
(*    index i % N stays consistent across the wrap of i at 2^W only if N   *)
(*    divides 2^W -- which is why v7 and io_uring round the ring up to a   *)
(*    power of two (fio commit 05f6a172).                                  *)
(* The count-down only decrements a positive value, so it never wraps.     *)
(***************************************************************************)
ASSUME EventsLeftFits == N <= 2^(W-1) - 1
ASSUME V5WrapFits == Formula = "v5" => 2 * N - 1 <= 2^(W-1) - 1
ASSUME FreeRingDividesWord == Formula = "free" => (2^W) % N = 0

VARIABLES
    slot,       \* slot[i] \in Atoms \cup {NULL}: the user's ring memory
    K,          \* kernel_ring_idx as published to user space
    U,          \* the user's consume index (passed to async_wait as user_ring_idx)
    submitted,  \* async syslets submitted so far
    inflight,   \* async syslets still running in background threads
    backlog,    \* fixed design: completions that could not be stored yet, in order
    posted,     \* atoms stored into the ring (ever)
    dropped,    \* v5: completions lost (slot taken, or the store faulted) (MM16)
    silent,     \* syslets whose final atom had SYSLET_NO_COMPLETE (no entry, by design)
    reaped,     \* atoms user space has reaped
    rereaped,   \* atoms user space has reaped more than once
    pub,        \* NULL, or the atom whose slot is stored and whose K is not yet published
                \* (that post holds the ring lock)
    upc,        \* the user's reap: "idle", "read" (slot U read), "cleared" (slot U is NULL again)
    ureg,       \* the value the user read from slot U during a reap (NULL otherwise)
    wstate,     \* the user thread: "user" (running), "sleeping" in async_wait, or "returning"
                \* from it with the return code wret
    wret,       \* "none"; 0 at once ("ready") or after a sleep ("woken"); "EINTR"; "EINVAL"
    wmin,       \* min_wait_events of the current async_wait (0 when none)
    eventsLeft, \* ah->events_left, a signed W-bit word
    sigPending, \* a signal is pending for the user thread
    faulted,    \* syslets whose completion faulted (ret_ptr or the ring slot could not be written)
    errors      \* the error word user space reads: completion errors reported (fixed design)

ringVars == <<slot, K, U, submitted, inflight, backlog, posted, dropped, silent, reaped, rereaped,
              pub, upc, ureg, wstate, wret, wmin, eventsLeft, sigPending, faulted, errors>>

Slots == 0 .. N - 1
Mod == 2^W
Wrapped == Formula # "free"
\* The values an index can take: wrapped at N (v5) or free-running at 2^W.
Indices == IF Wrapped THEN Slots ELSE 0 .. Mod - 1

SlotOf(i) == i % N
\* The kernel's index advance: v5 wraps to 0 at the end of the ring.
Inc(i) == IF Wrapped THEN (IF i + 1 < N THEN i + 1 ELSE 0) ELSE (i + 1) % Mod
\* The user's index advance, the same arithmetic.
NextU(i) == IF Wrapped THEN (IF i + 1 < N THEN i + 1 ELSE 0) ELSE (i + 1) % Mod
\* Unsigned W-bit subtraction, and the two's-complement reading of a W-bit word.
USub(a, b) == (a - b) % Mod
Signed(x) == IF x >= 2^(W-1) THEN x - Mod ELSE x

InRing == {slot[i] : i \in Slots} \ {NULL}
RingCount == Cardinality({i \in Slots : slot[i] # NULL})
\* The entries K has passed: the slot of a post in progress is stored, not yet published.
Published == RingCount - (IF pub # NULL /\ slot[SlotOf(K)] = pub THEN 1 ELSE 0)
\* Where the kernel's next store goes: past the slot of a post in progress.
KView == IF pub # NULL THEN Inc(K) ELSE K
BacklogSet == {backlog[i] : i \in 1 .. Len(backlog)}
Outstanding == Cardinality(submitted) - Cardinality(reaped)
\* Once the user has cleared slot U, that slot is the kernel's again: the user's run starts after it.
UView == IF upc = "cleared" THEN NextU(U) ELSE U

(***************************************************************************)
(* The number of pending events async_wait believes in, per variant.       *)
(***************************************************************************)
Pending(u) ==
    CASE Formula = "v5"     -> USub(K, u)
                \* Milton (MM1): "This completely misses the wraparound case of
                \* kernel_ring_idx < user_ring_idx"; K - U wraps to 2^W - (U - K).
      [] Formula = "milton" -> IF K < u THEN K - u + N ELSE K - u
                \* Milton: "add max_ring_index if kernel < user".
      [] Formula = "full"   -> IF K = u /\ slot[SlotOf(u)] # NULL THEN N
                               ELSE IF K < u THEN K - u + N ELSE K - u
                \* RING-FULL: K = U is empty *or* full; the slot tells which.
      [] Formula = "free"   -> USub(K, u)

\* ah->events_left = min_wait_events - pending, computed in W-bit words.
EventsLeft(m, u) == Signed(USub(m, Pending(u)))

\* The waits the user makes: 1 .. N; the validating kernel (full, free) also
\* sees min = N + 1, which it rejects with EINVAL: such a wait can never end.
WaitMins == IF Formula \in {"full", "free"} THEN 1 .. N + 1 ELSE 1 .. N
Rejected(m) == m > N

\* events_left is counted down by one per published completion ...
CountDown(e) == e - 1
\* ... and the waiter is woken when nothing is left.
WakeAt(e) == e <= 0

\* The fixed design reports every completion error in the error word.
ReportError(e) == IF Overflow = "backlog" THEN e + 1 ELSE e

-----------------------------------------------------------------------------
(* Kernel side.  Post, PublishK, Flush, CompletionFault and WaitEnter run   *)
(* under the ring lock: a post in progress (pub # NULL) holds it.           *)

RingLockFree == pub = NULL

\* The kernel's test that slot K is free.  The NULL-slot ring reads the slot
\* (acquire: pairs with the user's clearing store); v7 and io_uring compare
\* the indices ("the CQ is full when tail - head = entries").
CanStore == IF Wrapped THEN slot[SlotOf(K)] = NULL ELSE USub(K, U) < N

\* The first half of a post: the slot store (a release store; the atom's
\* result was written through ret_ptr before it).
Store(a) ==
    /\ slot' = [slot EXCEPT ![SlotOf(K)] = a]
    /\ posted' = posted \cup {a}
    /\ pub' = a
    /\ UNCHANGED K

\* WaitWake: a completion was published; count events_left down, wake the
\* waiter when nothing is left (CompletionRing#countDown, under the ring lock).
WaitWake ==
    IF eventsLeft > 0
      THEN /\ eventsLeft' = CountDown(eventsLeft)
           /\ IF WakeAt(eventsLeft') /\ wstate = "sleeping"
                THEN wstate' = "returning" /\ wret' = "woken"
                ELSE UNCHANGED <<wstate, wret>>
      ELSE UNCHANGED <<eventsLeft, wstate, wret>>

\* The second half: K is published (release store of kernel_ring_idx) only
\* after the slot, and the waiter is counted down; the ring lock is released.
PublishK ==
    /\ pub # NULL
    /\ K' = Inc(K)
    /\ pub' = NULL
    /\ WaitWake
    /\ UNCHANGED <<slot, U, submitted, inflight, backlog, posted, dropped, silent, reaped, rereaped,
                   upc, ureg, wmin, sigPending, faulted, errors>>

\* A completion that cannot be stored: v5 loses it -- Milton (MM16): "the only
\* case a return code is given to userspace is sys_async_thread, and those
\* are mostly invisible to the thread" -- the fix keeps it in the backlog.
Overflowed(a) ==
    IF Overflow = "drop"
      THEN dropped' = dropped \cup {a} /\ UNCHANGED backlog
      ELSE backlog' = Append(backlog, a) /\ UNCHANGED dropped

\* A syslet goes asynchronous (in the composed spec: the head switch).
SubmitAsync(a) ==
    /\ a \in Atoms \ submitted
    /\ submitted' = submitted \cup {a}
    /\ inflight' = inflight \cup {a}
    /\ UNCHANGED <<slot, K, U, backlog, posted, dropped, silent, reaped, rereaped, pub, upc, ureg,
                   wstate, wret, wmin, eventsLeft, sigPending, faulted, errors>>

\* Post: the background thread that ran syslet a takes the ring lock and
\* stores a's final atom in slot K -- never over a non-NULL slot, and in the
\* fixed design never ahead of the backlog (completion order is kept).
Post(a) ==
    /\ RingLockFree
    /\ a \in inflight
    /\ inflight' = inflight \ {a}
    /\ IF CanStore /\ (backlog = <<>> \/ Overflow = "drop")
         THEN Store(a) /\ UNCHANGED <<backlog, dropped>>
         ELSE Overflowed(a) /\ UNCHANGED <<slot, K, posted, pub>>
    /\ UNCHANGED <<U, submitted, silent, reaped, rereaped, upc, ureg, wstate, wret, wmin,
                   eventsLeft, sigPending, faulted, errors>>

\* CompletionFault: completing syslet a faults on user memory.  Milton
\* (MM16): "how does userspace actually find out about the error doing the
\* completion in the syslet case?  Its actually executing in an async_thread."
\*   "ring": the slot store faults; v5 loses the completion, the fix keeps it
\*           in the backlog and retries it at the next flush;
\*   "ret":  the result cannot be written through ret_ptr; the atom is still
\*           posted (by a later Post), its result is missing.
\* Only the fixed design counts the error where user space can read it.
CompletionFault(a, where) ==
    /\ RingLockFree
    /\ a \in inflight \cap FaultyAtoms
    /\ a \notin faulted
    /\ faulted' = faulted \cup {a}
    /\ errors' = ReportError(errors)
    /\ IF where = "ring"
         THEN inflight' = inflight \ {a} /\ Overflowed(a)
         ELSE UNCHANGED <<inflight, backlog, dropped>>
    /\ UNCHANGED <<slot, K, U, submitted, posted, silent, reaped, rereaped, pub, upc, ureg,
                   wstate, wret, wmin, eventsLeft, sigPending>>

\* A syslet whose final atom has SYSLET_NO_COMPLETE ends without a ring entry.
Retire(a) ==
    /\ a \in inflight
    /\ inflight' = inflight \ {a}
    /\ silent' = silent \cup {a}
    /\ UNCHANGED <<slot, K, U, submitted, backlog, posted, dropped, reaped, rereaped, pub, upc, ureg,
                   wstate, wret, wmin, eventsLeft, sigPending, faulted, errors>>

CanFlush == Overflow = "backlog" /\ backlog # <<>> /\ CanStore

\* Flush (fixed design): store the oldest backlogged completion into a freed
\* slot; PublishK follows, as after a Post.
Flush ==
    /\ RingLockFree
    /\ CanFlush
    /\ Store(Head(backlog))
    /\ backlog' = Tail(backlog)
    /\ UNCHANGED <<U, submitted, inflight, dropped, silent, reaped, rereaped, upc, ureg,
                   wstate, wret, wmin, eventsLeft, sigPending, faulted, errors>>

-----------------------------------------------------------------------------
(* User side.  One user thread: it reaps, or it is inside async_wait.       *)

UserIdle == wstate = "user" /\ upc = "idle"

\* Is there an entry at U?  The NULL-slot ring trusts the slot, never K; v7
\* and io_uring's CQ trust K (an acquire load of the tail), which is why the
\* kernel must publish K only after the slot.
CanReap == IF Wrapped THEN slot[SlotOf(U)] # NULL ELSE USub(K, U) > 0

\* ReapRead: user space reads slot U (acquire).
ReapRead ==
    /\ UserIdle
    /\ CanReap
    /\ ureg' = slot[SlotOf(U)]
    /\ upc' = "read"
    /\ UNCHANGED <<slot, K, U, submitted, inflight, backlog, posted, dropped, silent, reaped, rereaped,
                   pub, wstate, wret, wmin, eventsLeft, sigPending, faulted, errors>>

\* ReapClear: user space has the completion and hands the slot back (a
\* release store of NULL) -- "user-space must clear out these pointers".
ReapClear ==
    /\ upc = "read"
    /\ slot' = [slot EXCEPT ![SlotOf(U)] = NULL]
    /\ reaped' = IF ureg \in Atoms THEN reaped \cup {ureg} ELSE reaped
    /\ rereaped' = IF ureg \in reaped THEN rereaped \cup {ureg} ELSE rereaped
    /\ upc' = "cleared"
    /\ UNCHANGED <<K, U, submitted, inflight, backlog, posted, dropped, silent, pub, ureg,
                   wstate, wret, wmin, eventsLeft, sigPending, faulted, errors>>

\* ReapAdvance: user space advances U (in v7 and io_uring: publishes the head).
ReapAdvance ==
    /\ upc = "cleared"
    /\ U' = NextU(U)
    /\ upc' = "idle"
    /\ ureg' = NULL
    /\ UNCHANGED <<slot, K, submitted, inflight, backlog, posted, dropped, silent, reaped, rereaped,
                   pub, wstate, wret, wmin, eventsLeft, sigPending, faulted, errors>>

\* WaitEnter(m): sys_async_wait(m, U, ahu), under the ring lock.  The fixed
\* kernel first flushes its backlog (so a backlogged completion is never
\* invisible to a waiter): the guard ~CanFlush says "Flush steps happen
\* first".  It rejects a wait for more than N events with EINVAL.
WaitEnter(m) ==
    /\ UserIdle
    /\ RingLockFree
    /\ ~CanFlush
    /\ m \in WaitMins
    /\ wmin' = m
    /\ IF Rejected(m)
         THEN /\ wstate' = "returning"
              /\ wret' = "EINVAL"
              /\ UNCHANGED eventsLeft
         ELSE LET left == EventsLeft(m, U) IN
              /\ eventsLeft' = left
              /\ wstate' = IF left > 0 THEN "sleeping" ELSE "returning"
              /\ wret' = IF left > 0 THEN "none" ELSE "ready"
    /\ UNCHANGED <<slot, K, U, submitted, inflight, backlog, posted, dropped, silent, reaped, rereaped,
                   pub, upc, ureg, sigPending, faulted, errors>>

\* Signal: a signal arrives for the sleeping waiter.  It stays pending until
\* the thread returns to user space.
Signal ==
    /\ wstate = "sleeping"
    /\ ~sigPending
    /\ sigPending' = TRUE
    /\ UNCHANGED <<slot, K, U, submitted, inflight, backlog, posted, dropped, silent, reaped, rereaped,
                   pub, upc, ureg, wstate, wret, wmin, eventsLeft, faulted, errors>>

\* WaitIntr: the pending signal ends the sleep (-EINTR); the waiter re-takes
\* the ring lock and the kernel forgets its events_left.
WaitIntr ==
    /\ wstate = "sleeping"
    /\ sigPending
    /\ RingLockFree
    /\ wstate' = "returning"
    /\ wret' = "EINTR"
    /\ eventsLeft' = 0
    /\ UNCHANGED <<slot, K, U, submitted, inflight, backlog, posted, dropped, silent, reaped, rereaped,
                   pub, upc, ureg, wmin, sigPending, faulted, errors>>

\* async_wait is on its way back: its return code is decided.
Returning == wstate = "returning"

\* WaitReturn: async_wait returns wret to user space; a pending signal is
\* delivered there.
WaitReturn ==
    /\ Returning
    /\ wstate' = "user"
    /\ wret' = "none"
    /\ wmin' = 0
    /\ eventsLeft' = 0
    /\ sigPending' = FALSE
    /\ UNCHANGED <<slot, K, U, submitted, inflight, backlog, posted, dropped, silent, reaped, rereaped,
                   pub, upc, ureg, faulted, errors>>

-----------------------------------------------------------------------------
(* The ring on its own: syslets go async and complete nondeterministically. *)

RingInit ==
    /\ slot = [i \in Slots |-> NULL]
    /\ K = 0
    /\ U = 0
    /\ submitted = {}
    /\ inflight = {}
    /\ backlog = <<>>
    /\ posted = {}
    /\ dropped = {}
    /\ silent = {}
    /\ reaped = {}
    /\ rereaped = {}
    /\ pub = NULL
    /\ upc = "idle"
    /\ ureg = NULL
    /\ wstate = "user"
    /\ wret = "none"
    /\ wmin = 0
    /\ eventsLeft = 0
    /\ sigPending = FALSE
    /\ faulted = {}
    /\ errors = 0

\* Submit: user space keeps at most Depth syslets outstanding (fio's iodepth).
\* Syslets are submitted in the order of their names; completions come back in
\* any order (JA3), so nothing is lost by fixing the submission order.
Submit ==
    /\ UserIdle
    /\ Outstanding < Depth
    /\ submitted # Atoms
    /\ SubmitAsync(CHOOSE a \in Atoms \ submitted : \A b \in Atoms \ submitted : a <= b)

\* Retire (NO_COMPLETE) belongs to the composed spec, where the atom flags
\* decide it; on its own the ring posts every async syslet.
RingNext ==
    \/ Submit
    \/ \E a \in Atoms : Post(a)
    \/ \E a \in FaultyAtoms, where \in {"ring", "ret"} : CompletionFault(a, where)
    \/ PublishK
    \/ Flush
    \/ ReapRead
    \/ ReapClear
    \/ ReapAdvance
    \/ \E m \in WaitMins : WaitEnter(m)
    \/ Signal
    \/ WaitIntr
    \/ WaitReturn

\* Weak fairness on the kernel's steps and on the waiter's way back: a
\* completion is eventually posted and published, a backlog flushed, a
\* pending signal ends the sleep, a decided return happens.  No fairness on
\* Signal (signals may never come) or on the user's reaps.
RingFairness ==
    /\ \A a \in Atoms : WF_ringVars(Post(a))
    /\ WF_ringVars(PublishK)
    /\ WF_ringVars(Flush)
    /\ WF_ringVars(WaitIntr)
    /\ WF_ringVars(WaitReturn)

RingSpec == RingInit /\ [][RingNext]_ringVars /\ RingFairness

-----------------------------------------------------------------------------
(* Invariants.  Each names the finding it captures; see docs/invariants.md. *)

RingTypeOK ==
    /\ slot \in [Slots -> Atoms \cup {NULL}]
    /\ K \in Indices
    /\ U \in Indices
    /\ submitted \subseteq Atoms
    /\ inflight \subseteq submitted
    /\ backlog \in Seq(Atoms)
    /\ posted \subseteq submitted
    /\ dropped \subseteq submitted
    /\ silent \subseteq submitted
    /\ reaped \subseteq Atoms
    /\ rereaped \subseteq reaped
    /\ pub \in Atoms \cup {NULL}
    /\ upc \in {"idle", "read", "cleared"}
    /\ ureg \in Atoms \cup {NULL}
    /\ wstate \in {"user", "sleeping", "returning"}
    /\ wret \in {"none", "ready", "woken", "EINTR", "EINVAL"}
    /\ wmin \in 0 .. N + 1
    /\ eventsLeft \in -(2^(W-1)) .. 2^(W-1) - 1
    /\ sigPending \in BOOLEAN
    /\ faulted \subseteq FaultyAtoms
    /\ errors \in 0 .. Cardinality(FaultyAtoms)

\* v1 documentation: "The kernel will not overwrite non-NULL pointers".
\* Every atom stored in the ring is still there or has been reaped.
NoOverwrite == \A a \in posted : a \in InRing \/ a \in reaped

\* NULL slot => the kernel may write it; non-NULL => user space owns it.  The
\* owned slots are exactly the run of RingCount slots from the user's view of
\* U, and the kernel's view of K points just past it.  The slot of a post in
\* progress is stored before K passes it, never after: it holds that atom
\* unless user space (which trusts the slot, not K) has already taken it.
SlotOwnership ==
    /\ \A i \in Slots : (slot[i] # NULL) <=> ((i - SlotOf(UView)) % N < RingCount)
    /\ SlotOf(KView) = (SlotOf(UView) + RingCount) % N
    /\ pub # NULL => (slot[SlotOf(K)] = pub \/ pub \in reaped \cup {ureg})

\* What user space reads at U during a reap is a completion the kernel
\* stored, never an empty slot: v7 and io_uring read entries up to K, so K
\* must not be published before the slot.
ReapSeesPublished == upc # "idle" => ureg # NULL

\* Exactly-once reaping: nothing is reaped that was not posted, nothing twice.
ExactlyOnceReap == rereaped = {} /\ reaped \subseteq posted

\* Accounting (MM16): every async syslet is in exactly one place: still
\* running, backlogged, in the ring, reaped, ended with NO_COMPLETE, or
\* counted as dropped.  Nothing vanishes unaccounted.
Accounting ==
    /\ inflight \cup BacklogSet \cup InRing \cup reaped \cup silent \cup dropped = submitted
    /\ Cardinality(inflight) + Len(backlog) + RingCount + Cardinality(reaped)
         + Cardinality(silent) + Cardinality(dropped) = Cardinality(submitted)

\* MM16, Bug 3 of the reference: no completion is ever lost.
NoCompletionLost == dropped = {}

\* MM16 as Milton asked it: every error in doing a completion reaches a word
\* user space can read.
CompletionErrorsVisible == errors = Cardinality(faulted)

\* MM1 and RING-FULL, the waiter that sleeps too long: it never sleeps while
\* at least min completions are already published.
WaitNeverStarves == wstate = "sleeping" => Published < wmin

\* The waiter that returns too early: async_wait returns 0 only with at least
\* min completions published, -EINTR only with a signal pending, -EINVAL only
\* for a wait that can never be satisfied ("sys_async_wait ... waits until at
\* least min_wait_events completions are available").
WaitReturnsWithEvents ==
    wstate = "returning" =>
        \/ wret \in {"ready", "woken"} /\ Published >= wmin
        \/ wret = "EINTR" /\ sigPending
        \/ wret = "EINVAL" /\ wmin > N

\* Both sides of the count-down: while a waiter sleeps, events_left is
\* exactly the number of completions it still misses, so it is woken at the
\* post that satisfies it -- not before, not after.
EventsLeftExact == wstate = "sleeping" => eventsLeft = wmin - Published

\* The user's discipline, which every model's claims rest on ("Submit: user
\* space keeps at most Depth syslets outstanding", fio's iodepth): an entry
\* is made only below the depth, and the submission it makes is the last.
DepthKept == Outstanding <= Depth

\* The other side of ReapSeesPublished: every completion the kernel has
\* published can be reaped -- "user-space has to make sure it completes all
\* events it asked for", so it must be able to.  The NULL-slot ring goes by
\* the slot (a full ring has K = U), v7 and io_uring by K - U.
PublishedIsReapable == (upc = "idle" /\ Published > 0) => CanReap

\* async_wait decides its return code once: from the decision (0 at once,
\* 0 after a wake-up, -EINTR, -EINVAL) to the return to user space nothing
\* changes it -- a pending signal ends a sleep, not a wait already decided.
WaitDecidedOnce == [][wret # "none" => wret' \in {wret, "none"}]_ringVars

\* ... and it returns to user space only with a decided code: 0 (the events
\* are there, or a wake-up counted them), -EINVAL or -EINTR -- never from the
\* middle of a sleep.
WaitReturnsDecided == [][(wstate # "user" /\ wstate' = "user") => wret # "none"]_ringVars

\* Liveness (MM1): a waiter whose min completions are in the ring or on
\* their way (running, or backlogged) is eventually woken.
Eligible == wstate = "sleeping" /\ RingCount + Cardinality(inflight) + Len(backlog) >= wmin
WaiterEventuallyWakes == Eligible ~> (wstate # "sleeping")

\* Liveness of -EINTR: a signal that arrives while the waiter sleeps ends the
\* wait, whatever the ring holds ("an interruptible sleep").
SignalEndsWait == (wstate = "sleeping" /\ sigPending) ~> (wstate = "user")

\* Liveness of the backlog (fixed, Overflow = "backlog"): a backlogged
\* completion waits only for a free slot -- "flushed into freed slots" --
\* and is then stored whatever the user does (no fairness on the reaps).
BacklogDrains == CanFlush ~> ~CanFlush
=============================================================================
