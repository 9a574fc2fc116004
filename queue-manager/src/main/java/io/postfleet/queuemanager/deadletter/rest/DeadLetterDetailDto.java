package io.postfleet.queuemanager.deadletter.rest;

import io.postfleet.queuemanager.deadletter.DeadLetter;
import java.util.Base64;

/**
 * One dead letter with its value in base64, whole, so that it can be examined with any tool or, once
 * understood, written back to its topic byte for byte.
 */
public record DeadLetterDetailDto(DeadLetterDto deadLetter, String valueBase64) {

  static DeadLetterDetailDto of(DeadLetter d) {
    return new DeadLetterDetailDto(DeadLetterDto.of(d), Base64.getEncoder().encodeToString(d.payload));
  }
}
