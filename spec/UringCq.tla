------------------------------- MODULE UringCq -------------------------------
(***************************************************************************)
(* io_uring's completion queue as SysletRing's free-running, backlogged    *)
(* ring: the refinement mapping, in one place (docs/io_uring.md).          *)
(*                                                                         *)
(* The syslet completion ring became io_uring's CQ ring.  io_uring keeps   *)
(* the CQ tail (written by the kernel) and the CQ head (written by user    *)
(* space) as free-running u32 counters, an entry being cqes[i & mask]; a   *)
(* completion that finds the ring full goes to the kernel's overflow list  *)
(* (IORING_FEAT_NODROP) and is flushed, oldest first, when the kernel is   *)
(* next entered with room in the ring.  That is SysletRing with Formula    *)
(* "free" and Overflow "backlog".  The mapping from io_uring's state to    *)
(* SysletRing's variables:                                                 *)
(*                                                                         *)
(*   io_uring (what user space can read)       SysletRing                  *)
(*   CQ tail (u32, kernel)                     K = tail mod 2^W            *)
(*   CQ head (u32, user)                       U = head mod 2^W            *)
(*   ring_mask + 1 = ring_entries (2^k)        N                           *)
(*   cqes[i & mask].user_data, head <= i < tail  slot[i mod N] (NULL else) *)
(*   the overflow list, oldest first           backlog                     *)
(*   IORING_SQ_CQ_OVERFLOW in the SQ flags     backlog # <<>>              *)
(*   the CQ overflow counter (dropped CQEs)    Cardinality(dropped)        *)
(*   an SQE the kernel consumed                SubmitAsync(user_data)      *)
(*   CQE written, then the tail released       Post(a), then PublishK      *)
(*   CQE read at the head, head + 1 stored     ReapRead, ReapClear,        *)
(*                                             ReapAdvance                 *)
(*   io_uring_enter(.., min, GETEVENTS)        WaitEnter(min(min, N)) ...  *)
(*                                                                         *)
(* Reduction mod 2^W is a homomorphism from u32 arithmetic onto W-bit      *)
(* arithmetic because 2^W divides 2^32, and slot = index mod N agrees on    *)
(* both sides because N divides 2^W (N is a power of two, at most 2^W).   *)
(* So a real run, whose u32 indices never wrap in CI time, is checked      *)
(* against indices that wrap every 2^W completions.                        *)
(*                                                                         *)
(* The mapping is total only where user space can see: a CQE is visible   *)
(* between head and tail, the overflow list only through the flag, a       *)
(* completion only when it is reaped.  Everything else the kernel does is  *)
(* left to SysletRing's nondeterminism (docs/io_uring.md, "Mapping").      *)
(***************************************************************************)
EXTENDS SysletRing

ASSUME UringIsFreeAndBacklogged == Formula = "free" /\ Overflow = "backlog"
\* The real ring has 2^k entries and the spec's index space must hold it without
\* events_left aliasing (+N and -N distinct in W bits).
ASSUME UringRingFits == N < 2^(W-1) /\ (2^W) % N = 0

\* A real u32 index or counter, as the spec's W-bit index.
Idx(v) == v % Mod

-----------------------------------------------------------------------------
(* What user space observes, as predicates of SysletRing's state. *)

\* acquire load of the CQ tail
TailIs(t) == K = Idx(t)
\* the CQE at the head holds user_data ud (it is published: head < tail)
CqeAtHeadIs(h, ud) == U = Idx(h) /\ slot[SlotOf(U)] # NULL /\ slot[SlotOf(U)] = ud
\* IORING_SQ_CQ_OVERFLOW: the kernel holds completions on its overflow list
OverflowFlagIs(b) == (backlog # <<>>) = b
\* the CQ overflow counter: completions the kernel dropped
OverflowCountIs(c) == Cardinality(dropped) = c
\* tail - head, as io_uring_cq_ready computes it
CqReady == USub(K, U)

-----------------------------------------------------------------------------
(* The kernel's and user space's steps, by their io_uring names. *)

\* io_submit_sqes consumed the SQE whose user_data is a.
ConsumeSqe(a) == SubmitAsync(a)
\* A request completes: its CQE goes to cqes[tail & mask] (io_fill_cqe_req), or
\* to the overflow list when the ring is full or older CQEs are already
\* overflowed (io_cqe_cache_refill refuses then, to keep completions in order).
FillCqe(a) == Post(a)
\* io_commit_cqring: the release store of the tail, after the CQE it covers.
CommitTail == PublishK
\* __io_cqring_overflow_flush moves the oldest overflowed CQE into the ring
\* (CommitTail follows, as after a FillCqe).
FlushOverflow == Flush
\* User space loads cqes[head & mask] after its acquire load of the tail.
ReadCqeAtHead == ReapRead
\* io_uring has no slot to clear: once read, the CQE's slot is the kernel's as
\* soon as the head moves.  This step is SysletRing's NULL store, which nobody
\* can observe in a free-running ring (the kernel trusts K - U, not the slot).
ForgetCqe == ReapClear
\* User space stores head + 1 after reading the CQE (io_uring_cqe_seen).
ReleaseCqe == ReapAdvance
\* io_cqring_wait: min_complete is clamped to cq_entries (io_uring_enter), the
\* overflow list is flushed first, then the wait is "tail - head >= min".
EnterWait(m) == WaitEnter(IF m > N THEN N ELSE m)
\* io_uring_enter returns from its wait: at once, or after CommitTail woke it.
WaitReturnsToUser == WaitReturn
=============================================================================
