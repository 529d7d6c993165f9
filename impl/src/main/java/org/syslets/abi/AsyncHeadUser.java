package org.syslets.abi;

/**
 * The contents of the v5/v6 {@code struct async_head_user} (layout in {@link AsyncHeadUserLayout}):
 * eight u64 fields, 64 bytes. Field meanings are documented on the layout class.
 */
public record AsyncHeadUser(long kernelRingIdx, long userRingIdx, long completionRing, long ringSizeBytes,
        long headStack, long headIp, long newThreadStack, long newThreadIp) {
}
