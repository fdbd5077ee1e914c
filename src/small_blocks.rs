//! The widget's allocator: small blocks from free lists of their own, everything else from
//! the standard one.
//!
//! Reading a feed makes a block for nearly every string and list in it, tens of thousands
//! for 1,000 items, and frees most of them again. The standard allocator on `wasm32`
//! (`dlmalloc`) is made for every size and pattern of use, and its `malloc` and `free` are
//! among the largest functions in the Wasm. The browser first runs the Wasm in its baseline
//! compiler, which runs large functions slowly: in Chromium's profile of a first
//! 1,000-item read, `malloc`, `free` and `realloc` together were about a quarter of the
//! time. Here a block of at most [`LARGEST`] bytes is rounded up to a power of two and comes
//! from that size's free list, or else from the end of a [`CHUNK`] taken from the backing
//! allocator: a handful of instructions each way.
//!
//! The price is memory: a small block is up to twice its size, and a freed one stays on its
//! size's list instead of going back to the backing allocator. Larger blocks (the feed's
//! bytes, the index's big tables) do go back, and they are most of the memory.

use std::alloc::{GlobalAlloc, Layout};
use std::cell::UnsafeCell;
use std::ptr;

/// The smallest block, and the largest alignment a small block has: enough for every type
/// the widget allocates many of (strings, lists of numbers and pointers).
const SMALLEST: usize = 8;
/// Sizes of small blocks: 8, 16, …, 2,048 bytes.
const CLASSES: usize = 9;
/// The largest small block. Larger ones come from the backing allocator.
const LARGEST: usize = SMALLEST << (CLASSES - 1);
/// What is taken from the backing allocator at a time for small blocks.
const CHUNK: usize = 64 * 1024;

/// An allocator that serves small blocks itself and passes the rest to `A`.
///
/// Not for threads: its lists are plain memory. It is the global allocator only on
/// `wasm32` without atomics, where there is one thread.
pub struct SmallBlocks<A> {
    backing: A,
    lists: UnsafeCell<Lists>,
}

struct Lists {
    /// By size class: the first free block, whose first word points at the next one.
    free: [*mut u8; CLASSES],
    /// The unused rest of the current chunk.
    next: usize,
    end: usize,
}

// One thread: see the type's documentation.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
unsafe impl<A: Sync> Sync for SmallBlocks<A> {}

impl<A: GlobalAlloc> SmallBlocks<A> {
    /// An allocator with no blocks of its own yet.
    pub const fn new(backing: A) -> SmallBlocks<A> {
        SmallBlocks {
            backing,
            lists: UnsafeCell::new(Lists {
                free: [ptr::null_mut(); CLASSES],
                next: 0,
                end: 0,
            }),
        }
    }
}

/// The size class of a block of `layout`, or `None` when it is the backing allocator's.
fn class(layout: &Layout) -> Option<usize> {
    if layout.size() > LARGEST || layout.align() > SMALLEST {
        return None;
    }
    let size = layout.size().max(SMALLEST);
    // log2 of the size rounded up to a power of two, counted from `SMALLEST`.
    Some((usize::BITS - (size - 1).leading_zeros()) as usize - SMALLEST.trailing_zeros() as usize)
}

/// How many bytes a block of size class `class` has.
fn class_size(class: usize) -> usize {
    SMALLEST << class
}

unsafe impl<A: GlobalAlloc> GlobalAlloc for SmallBlocks<A> {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let Some(class) = class(&layout) else {
            return self.backing.alloc(layout);
        };
        let lists = &mut *self.lists.get();
        let first = lists.free[class];
        if !first.is_null() {
            lists.free[class] = *first.cast::<*mut u8>();
            return first;
        }
        let size = class_size(class);
        if lists.end - lists.next < size {
            // The rest of the chunk (less than this block) stays unused.
            let chunk = self
                .backing
                .alloc(Layout::from_size_align_unchecked(CHUNK, SMALLEST));
            if chunk.is_null() {
                return chunk;
            }
            lists.next = chunk as usize;
            lists.end = lists.next + CHUNK;
        }
        let block = lists.next as *mut u8;
        lists.next += size;
        block
    }

    unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
        let Some(class) = class(&layout) else {
            return self.backing.dealloc(block, layout);
        };
        let lists = &mut *self.lists.get();
        *block.cast::<*mut u8>() = lists.free[class];
        lists.free[class] = block;
    }

    unsafe fn realloc(&self, block: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new_layout = Layout::from_size_align_unchecked(new_size, layout.align());
        match (class(&layout), class(&new_layout)) {
            // The backing allocator may grow a large block where it is.
            (None, None) => self.backing.realloc(block, layout, new_size),
            (Some(old), Some(new)) if old == new => block,
            _ => {
                let moved = self.alloc(new_layout);
                if !moved.is_null() {
                    ptr::copy_nonoverlapping(block, moved, layout.size().min(new_size));
                    self.dealloc(block, layout);
                }
                moved
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::alloc::System;

    fn layout(size: usize, align: usize) -> Layout {
        Layout::from_size_align(size, align).unwrap()
    }

    /// Fills a block with a pattern derived from `seed`, and checks it.
    unsafe fn fill(block: *mut u8, size: usize, seed: u8) {
        for i in 0..size {
            *block.add(i) = seed.wrapping_add(i as u8);
        }
    }
    unsafe fn holds(block: *const u8, size: usize, seed: u8) -> bool {
        (0..size).all(|i| *block.add(i) == seed.wrapping_add(i as u8))
    }

    #[test]
    fn sizes_round_up_to_their_class() {
        assert_eq!(class(&layout(1, 1)), Some(0));
        assert_eq!(class(&layout(8, 8)), Some(0));
        assert_eq!(class(&layout(9, 1)), Some(1));
        assert_eq!(class(&layout(16, 4)), Some(1));
        assert_eq!(class(&layout(17, 1)), Some(2));
        assert_eq!(class(&layout(LARGEST, 8)), Some(CLASSES - 1));
        assert_eq!(class(&layout(LARGEST + 1, 1)), None);
        assert_eq!(
            class(&layout(8, 16)),
            None,
            "stricter alignment than a small block's"
        );
        for size in 1..=LARGEST {
            let size_class = class(&layout(size, 1)).unwrap();
            assert!(class_size(size_class) >= size);
            assert!(size_class == 0 || class_size(size_class - 1) < size);
        }
    }

    #[test]
    fn a_freed_block_is_the_next_of_its_size() {
        let blocks = SmallBlocks::new(System);
        unsafe {
            let a = blocks.alloc(layout(24, 8));
            let b = blocks.alloc(layout(20, 4));
            assert_ne!(a, b);
            assert!(b as usize >= a as usize + 32 || a as usize >= b as usize + 32);
            blocks.dealloc(a, layout(24, 8));
            // Another size does not get it; the same size does.
            let c = blocks.alloc(layout(12, 4));
            assert_ne!(c, a);
            assert_eq!(blocks.alloc(layout(30, 2)), a);
        }
    }

    #[test]
    fn blocks_are_aligned_and_do_not_overlap_across_chunks() {
        let blocks = SmallBlocks::new(System);
        let mut live = Vec::new();
        unsafe {
            // More than one chunk's worth of every size.
            for round in 0..3 * CHUNK / LARGEST {
                for size_class in 0..CLASSES {
                    let size = class_size(size_class) - round % 3;
                    let block = blocks.alloc(layout(size, 8));
                    assert!(!block.is_null());
                    assert_eq!(block as usize % SMALLEST, 0);
                    fill(block, size, live.len() as u8);
                    live.push((block, size));
                }
            }
            for (i, &(block, size)) in live.iter().enumerate() {
                assert!(holds(block, size, i as u8), "block {i} was overwritten");
            }
        }
    }

    /// The system allocator, remembering what it handed out.
    #[derive(Default)]
    struct Recording {
        blocks: std::sync::Mutex<Vec<(usize, usize)>>,
    }

    unsafe impl GlobalAlloc for Recording {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            let block = System.alloc(layout);
            self.blocks
                .lock()
                .unwrap()
                .push((block as usize, layout.size()));
            block
        }
        unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
            System.dealloc(block, layout)
        }
    }

    #[test]
    fn small_blocks_lie_inside_the_chunks_taken() {
        let blocks = SmallBlocks::new(Recording::default());
        let mut small = Vec::new();
        unsafe {
            for i in 0..2 * CHUNK / 64 {
                let size = class_size(i % CLASSES);
                small.push((blocks.alloc(layout(size, 8)) as usize, size));
            }
        }
        let chunks = blocks.backing.blocks.lock().unwrap().clone();
        assert!(chunks.len() > 2 && chunks.iter().all(|&(_, size)| size == CHUNK));
        for (block, size) in small {
            assert!(
                chunks
                    .iter()
                    .any(|&(start, len)| start <= block && block + size <= start + len),
                "a block of {size} bytes at {block:#x} is outside every chunk"
            );
        }
    }

    #[test]
    fn growing_and_shrinking_keeps_the_contents() {
        let blocks = SmallBlocks::new(System);
        unsafe {
            let mut size = 3;
            let mut block = blocks.alloc(layout(size, 1));
            fill(block, size, 7);
            // Within a class, across classes, into the backing allocator's sizes and back.
            for new_size in [5, 8, 9, 100, 2048, 2049, 70_000, 3000, 1500, 2] {
                let moved = blocks.realloc(block, layout(size, 1), new_size);
                assert!(!moved.is_null());
                assert!(holds(moved, size.min(new_size), 7), "{size} → {new_size}");
                if class(&layout(size, 1)) == class(&layout(new_size, 1)) && new_size <= LARGEST {
                    assert_eq!(moved, block, "the same class needs no move");
                }
                fill(moved, new_size, 7);
                block = moved;
                size = new_size;
            }
            blocks.dealloc(block, layout(size, 1));
        }
    }

    #[test]
    fn large_and_strictly_aligned_blocks_are_the_backing_allocators() {
        let blocks = SmallBlocks::new(System);
        unsafe {
            let large = blocks.alloc(layout(LARGEST + 1, 8));
            fill(large, LARGEST + 1, 1);
            blocks.dealloc(large, layout(LARGEST + 1, 8));
            let aligned = blocks.alloc(layout(64, 64));
            assert_eq!(aligned as usize % 64, 0);
            blocks.dealloc(aligned, layout(64, 64));
            // Neither went on a list of small blocks.
            let lists = &*blocks.lists.get();
            assert!(lists.free.iter().all(|first| first.is_null()));
            assert_eq!(lists.next, 0);
        }
    }

    /// Many allocations, frees and reallocations in a random order, each block filled with
    /// its own pattern: no block may change another's bytes.
    #[test]
    fn random_use_never_mixes_up_blocks() {
        let blocks = SmallBlocks::new(System);
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut random = move |below: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % below as u64) as usize
        };
        let mut live: Vec<(*mut u8, Layout, u8)> = Vec::new();
        unsafe {
            for step in 0..20_000 {
                let tag = step as u8;
                match random(4) {
                    0 | 1 => {
                        let largest = if random(10) == 0 { 5000 } else { 300 };
                        let size = 1 + random(largest);
                        let layout = layout(size, 1 << random(4));
                        let block = blocks.alloc(layout);
                        assert_eq!(block as usize % layout.align(), 0);
                        fill(block, size, tag);
                        live.push((block, layout, tag));
                    }
                    2 if !live.is_empty() => {
                        let (block, layout, tag) = live.swap_remove(random(live.len()));
                        assert!(holds(block, layout.size(), tag));
                        blocks.dealloc(block, layout);
                    }
                    _ if !live.is_empty() => {
                        let at = random(live.len());
                        let (block, old, old_tag) = live[at];
                        assert!(holds(block, old.size(), old_tag));
                        let new_size = 1 + random(3000);
                        let moved = blocks.realloc(block, old, new_size);
                        assert!(holds(moved, old.size().min(new_size), old_tag));
                        fill(moved, new_size, tag);
                        live[at] = (moved, layout(new_size, old.align()), tag);
                    }
                    _ => {}
                }
            }
            for (block, layout, tag) in live {
                assert!(holds(block, layout.size(), tag));
                blocks.dealloc(block, layout);
            }
        }
    }
}
