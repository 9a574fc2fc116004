package io.postfleet.maps.policy;

/** What smtp-ingress does with one sender check. */
public enum CheckMode {
  /** Not run at all: no lookups, nothing in the headers. */
  OFF,
  /** Run and recorded (Authentication-Results, Received-SPF, metrics, maillog); never refuses. */
  TAG,
  /** Run, recorded, and its verdict applied: reject, tempfail or quarantine. */
  ENFORCE
}
