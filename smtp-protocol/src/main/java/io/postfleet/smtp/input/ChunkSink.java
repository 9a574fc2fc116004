package io.postfleet.smtp.input;

/** Takes the octets of a BDAT chunk as the decoder hands them over, in fragments of any size. */
@FunctionalInterface
public interface ChunkSink {
  /** A sink that drops what it gets: for a chunk the server refused but must still read past. */
  ChunkSink DISCARD = (data, offset, count) -> {};

  void accept(byte[] data, int offset, int count);
}
