// Follow mode: the viewer sticks to the newest line until the user scrolls away from the bottom; from
// then on, new lines are counted for the "Jump to live" button, until the user jumps or scrolls back
// down. Pure: no DOM, no React.
import { plural } from './logRow'

export interface FollowState {
  isFollowing: boolean
  /** Lines that arrived since the user scrolled away from the bottom. */
  unseenCount: number
}

export const followingLive: FollowState = { isFollowing: true, unseenCount: 0 }

/** After the user scrolled: at the bottom, follow again; elsewhere, stop following. */
export function afterScroll(state: FollowState, isAtBottom: boolean): FollowState {
  if (isAtBottom) return state.isFollowing ? state : followingLive
  return state.isFollowing ? { isFollowing: false, unseenCount: 0 } : state
}

/** After lines were added to the view. */
export function afterAppend(state: FollowState, addedLines: number): FollowState {
  if (state.isFollowing || addedLines === 0) return state
  return { isFollowing: false, unseenCount: state.unseenCount + addedLines }
}

export function jumpLabel(state: FollowState): string {
  return state.unseenCount > 0 ? `Jump to live (${plural(state.unseenCount, 'new line', 'new lines')})` : 'Jump to live'
}

/** Scrolled within `tolerancePx` of the end counts as at the bottom (fractional pixels, rounding). */
export function isNearBottom(
  scrollTop: number,
  clientHeight: number,
  scrollHeight: number,
  tolerancePx: number,
): boolean {
  return scrollHeight - scrollTop - clientHeight <= tolerancePx
}
