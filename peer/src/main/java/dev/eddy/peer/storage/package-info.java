/**
 * Content on disk: files served by a seeder ({@link dev.eddy.peer.storage.ContentFile}), downloads in progress
 * ({@link dev.eddy.peer.storage.ChunkStore} writing {@code NAME.part}, claimed and locked by {@link
 * dev.eddy.peer.storage.OutputClaim}), what lets a download continue after a crash, and the trees a seeder
 * keeps between runs.
 *
 * <h2>Resume checkpoint ({@code NAME.part.checkpoint})</h2>
 *
 * <p>{@link dev.eddy.peer.storage.Checkpointer} saves one about every second while chunks verify (a save still
 * being written delays the next), and once more when the download stops unfinished (--timeout, Ctrl-C, SIGTERM). The partial
 * file is forced to the device first, then the checkpoint is written to {@code NAME.part.checkpoint.tmp},
 * forced, renamed over the old one and the directory forced: after {@code kill -9} or a power cut there is
 * either the previous checkpoint or the new one, and every chunk it names is on disk. Removed when the
 * download completes. All integers big-endian; version 1:
 *
 * <pre>
 * bytes  field
 * 8      magic "EDDYCKPT"
 * 4      format version (1)
 * 8      length of the whole file in bytes
 * 1      hash function (RFC 7574 option 4 code: 0 SHA-1, 1 SHA-224, 2 SHA-256, 3 SHA-384, 4 SHA-512)
 * 1      root hash length L
 * L      root hash (the swarm ID)
 * 4      chunk size in bytes
 * 8      chunk count N (the partial file is N full chunks long)
 * 4      last chunk's length if it is held, else 0
 * 8*⌈N/64⌉          held chunks, a bit per chunk (chunk i: bit i%64 of word i/64, least significant first)
 * 8*⌈(2N-1)/64⌉     verified hashes, a bit per bin number (RFC 7574 bins; in-order, bin 2i is chunk i's leaf)
 * L*K    the K verified hashes, in bin order
 * 4      CRC32C of every byte before it
 * </pre>
 *
 * <p>{@link dev.eddy.peer.storage.Checkpoint#read} refuses, naming why, checking in this order: a file shorter or
 * longer than its length field ("truncated", "corrupt"), a checksum mismatch ("corrupt"), another swarm, hash function or
 * chunk size, or a partial file of another size than N chunks ("stale"), peak hashes that do not combine to
 * the swarm ID, or a held chunk whose hash is not saved ("corrupt"). Then {@link
 * dev.eddy.peer.storage.ResumePlan} trusts nothing in the partial file: it hashes it, and each of its subtrees
 * whose hash equals one verified from the peers' hashes (the peaks, then the uncles that come with each
 * downloaded chunk) is kept; the rest is downloaded again.
 *
 * <h2>Seeder tree cache ({@code .NAME.CHUNKSIZE-FUNCTION.eddytree})</h2>
 *
 * <p>Beside the file when its directory is writable, else under {@code $XDG_CACHE_HOME/eddy/trees} (default
 * {@code ~/.cache/eddy/trees}) named by the SHA-1 of the file's absolute path. Written to a temporary file and
 * renamed (it can always be rebuilt, so it is not forced). Used only while the file's size and modification
 * time are those recorded and the hashes lead to the recorded root. Big-endian, version 1:
 *
 * <pre>
 * bytes  field
 * 8      magic "EDDYTREE"
 * 4      format version (1)
 * 1      hash function (as above)
 * 4      chunk size
 * 8      file size in bytes
 * 8      file modification time, nanoseconds since the epoch
 * L      root hash
 * L*(2N-1)  every node hash, in bin order (N chunks)
 * 4      CRC32C of every byte before it
 * </pre>
 */
package dev.eddy.peer.storage;
