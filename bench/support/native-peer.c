/*
 * The client-bound bench's native peer: the same minimal MQTT server as
 * bench-peer.ts (answers CONNECT, SUBSCRIBE, UNSUBSCRIBE and PINGREQ, acknowledges QoS 1
 * PUBLISHes with one write per read, counts PUBLISHes per sink topic, streams
 * pre-encoded PUBLISHes for a source/<qos>/<bytes>/<count>/<tag> filter), in C so
 * that it costs a client-bound run far less than any client: reads of 1 MB, and a
 * PUBLISH is read only as far as its topic and packet id, the rest skipped unparsed.
 *
 * Protocol with whoever started it (native-peer.ts): stdout lines
 *   port <n>                      once listening on 127.0.0.1
 *   source-start <tag> <ms>       a source stream's first write (after its probe)
 *   sink-done <tag> <ms>          a sink topic received its count-th PUBLISH
 * where <ms> is CLOCK_MONOTONIC time in ms, the clock of the bench's wallClock() (the
 * time of day may be slewed or stepped during a run; the monotonic clock is one for all).
 * It exits when its stdin closes. Linux only (epoll). Build: cc -O2 -o peer native-peer.c
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define READ_BYTES (1 << 20)   /* bytes per read */
#define SOURCE_CHUNK 65536     /* most bytes per write of a source (as the Node peer) */
#define SOURCE_BLOCK 2048      /* packets in a source's pre-encoded block */
#define SOURCE_WINDOW 1000     /* a QoS 1 source's unacknowledged packets */
#define TAG_MAX 200

struct source {
  unsigned char *block; /* SOURCE_BLOCK packets (or fewer) of `size` bytes each */
  size_t packet_bytes, block_bytes;
  long count, acks, qos;
  size_t sent_bytes; /* of count * packet_bytes */
};

struct conn {
  int fd;
  unsigned char *in; /* read buffer: [start, end) not yet framed */
  size_t start, end, cap;
  size_t skip;       /* bytes of the current packet still to skip unread */
  unsigned char *out; /* control replies not yet written */
  size_t out_len, out_cap;
  long received, sink_count;
  char sink_tag[TAG_MAX + 1];
  struct source *source;
  int want_out;
};

static int ep;

static double monotonic_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static void report(const char *event, const char *tag) {
  char line[TAG_MAX + 64];
  int n = snprintf(line, sizeof line, "%s %s %.3f\n", event, tag, monotonic_ms());
  if (write(1, line, n) < 0) exit(1);
}

static void out_append(struct conn *c, const unsigned char *bytes, size_t n) {
  if (c->out_len + n > c->out_cap) {
    c->out_cap = (c->out_len + n) * 2;
    c->out = realloc(c->out, c->out_cap);
    if (!c->out) exit(1);
  }
  memcpy(c->out + c->out_len, bytes, n);
  c->out_len += n;
}

static size_t put_length(unsigned char *at, size_t n) {
  size_t i = 0;
  do {
    unsigned char b = n % 128;
    n /= 128;
    at[i++] = b | (n > 0 ? 0x80 : 0);
  } while (n > 0);
  return i;
}

/* One PUBLISH of `size` bytes of 'b' to `topic`, with packet id `id` at QoS 1; returns its length. */
static size_t encode_publish(unsigned char *at, const char *topic, size_t topic_len, long qos, unsigned id, size_t size) {
  size_t remaining = 2 + topic_len + (qos ? 2 : 0) + size;
  size_t n = 0;
  at[n++] = 0x30 | (qos << 1);
  n += put_length(at + n, remaining);
  at[n++] = topic_len >> 8;
  at[n++] = topic_len & 0xff;
  memcpy(at + n, topic, topic_len);
  n += topic_len;
  if (qos) {
    at[n++] = id >> 8;
    at[n++] = id & 0xff;
  }
  memset(at + n, 0x62, size);
  return n + size;
}

static void start_source(struct conn *c, const char *filter, size_t filter_len) {
  /* source/<qos>/<size>/<count>/<tag> */
  char buf[TAG_MAX + 64];
  if (filter_len >= sizeof buf) return;
  memcpy(buf, filter, filter_len);
  buf[filter_len] = 0;
  long qos, size, count;
  int tag_at = 0;
  if (sscanf(buf, "source/%ld/%ld/%ld/%n", &qos, &size, &count, &tag_at) < 3 || tag_at == 0) return;
  struct source *s = calloc(1, sizeof *s);
  s->qos = qos;
  s->count = count;
  unsigned char probe[TAG_MAX + 80];
  size_t probe_len = encode_publish(probe, buf, filter_len, 0, 0, 1);
  probe[probe_len - 1] = 1; /* the 1-byte probe payload */
  out_append(c, probe, probe_len);
  size_t remaining = 2 + filter_len + (qos ? 2 : 0) + size;
  s->packet_bytes = 1 + (remaining < 128 ? 1 : remaining < 16384 ? 2 : remaining < 2097152 ? 3 : 4) + remaining;
  long packets = count < SOURCE_BLOCK ? count : SOURCE_BLOCK;
  s->block_bytes = s->packet_bytes * packets;
  s->block = malloc(s->block_bytes);
  for (long i = 0; i < packets; i++) encode_publish(s->block + i * s->packet_bytes, buf, filter_len, qos, (i % 65535) + 1, size);
  c->source = s;
  report("source-start", buf + tag_at);
}

/* Handles the packet at `p`, its body from `body`, `total` bytes long (of a PUBLISH only its topic and id need be read). */
static void on_packet(struct conn *c, const unsigned char *p, size_t body, size_t total) {
  int type = p[0] >> 4;
  if (type == 3) {
    c->received++;
    size_t topic_len = (p[body] << 8) | p[body + 1];
    if (c->received == 1 && topic_len > 5 && memcmp(p + body + 2, "sink/", 5) == 0) {
      char topic[TAG_MAX + 64];
      size_t n = topic_len < sizeof topic - 1 ? topic_len : sizeof topic - 1;
      memcpy(topic, p + body + 2, n);
      topic[n] = 0;
      int tag_at = 0;
      if (sscanf(topic, "sink/%ld/%n", &c->sink_count, &tag_at) >= 1 && tag_at > 0) snprintf(c->sink_tag, sizeof c->sink_tag, "%s", topic + tag_at);
    }
    if (((p[0] >> 1) & 3) == 1) {
      size_t at = body + 2 + topic_len;
      unsigned char ack[4] = {0x40, 2, p[at], p[at + 1]};
      out_append(c, ack, 4);
    }
    if (c->received == c->sink_count && c->sink_tag[0]) report("sink-done", c->sink_tag);
  } else if (type == 4) {
    if (c->source) c->source->acks++;
  } else if (type == 1) {
    unsigned char connack[4] = {0x20, 2, 0, 0};
    out_append(c, connack, 4);
  } else if (type == 8) {
    size_t filter_len = (p[body + 2] << 8) | p[body + 3];
    unsigned char suback[5] = {0x90, 3, p[body], p[body + 1], p[total - 1] & 3};
    out_append(c, suback, 5);
    if (!c->source && filter_len > 7 && memcmp(p + body + 4, "source/", 7) == 0) start_source(c, (const char *)p + body + 4, filter_len);
  } else if (type == 10) {
    unsigned char unsuback[4] = {0xb0, 2, p[body], p[body + 1]};
    out_append(c, unsuback, 4);
  } else if (type == 12) {
    unsigned char pingresp[2] = {0xd0, 0};
    out_append(c, pingresp, 2);
  } else if (type == 14) {
    shutdown(c->fd, SHUT_WR);
  }
}

/* How many bytes of a packet must be in the buffer to handle it: all of it, but of a PUBLISH only its topic and id. */
static size_t needed(const unsigned char *p, size_t body, size_t total, size_t have) {
  if ((p[0] >> 4) != 3) return total;
  if (have < body + 2) return body + 2;
  size_t want = body + 2 + ((p[body] << 8) | p[body + 1]) + 2;
  return want < total ? want : total;
}

/* Frames what was read; a packet that is not whole stays at the start of the buffer. */
static void frame(struct conn *c) {
  for (;;) {
    size_t have = c->end - c->start;
    if (c->skip > 0) {
      size_t n = c->skip < have ? c->skip : have;
      c->skip -= n;
      c->start += n;
      if (c->skip > 0) break;
      continue;
    }
    const unsigned char *p = c->in + c->start;
    size_t length = 0, multiplier = 1, i = 1;
    int complete = 0;
    for (; i <= 4 && i < have; i++) {
      length += (p[i] & 0x7f) * multiplier;
      multiplier *= 128;
      if ((p[i] & 0x80) == 0) {
        complete = 1;
        break;
      }
    }
    if (!complete) break;
    size_t body = i + 1, total = body + length;
    size_t need = needed(p, body, total, have);
    if (have < need) {
      if (need > c->cap) {
        c->cap = need;
        c->in = realloc(c->in, c->cap);
        if (!c->in) exit(1);
      }
      break;
    }
    on_packet(c, p, body, total);
    size_t used = have < total ? have : total;
    c->start += used;
    c->skip = total - used;
  }
  /* keep the unframed rest at the start of the buffer */
  if (c->start > 0) {
    memmove(c->in, c->in + c->start, c->end - c->start);
    c->end -= c->start;
    c->start = 0;
  }
}

static void close_conn(struct conn *c) {
  epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
  close(c->fd);
  if (c->source) {
    free(c->source->block);
    free(c->source);
  }
  free(c->in);
  free(c->out);
  free(c);
}

/* Writes a source's next bytes up to `limit`, within the block; returns bytes written, -1 on a full socket. */
static long source_write(struct conn *c, size_t limit) {
  struct source *s = c->source;
  size_t at = s->sent_bytes % s->block_bytes;
  size_t n = limit - s->sent_bytes;
  if (n > s->block_bytes - at) n = s->block_bytes - at;
  if (n > SOURCE_CHUNK) n = SOURCE_CHUNK;
  ssize_t w = send(c->fd, s->block + at, n, MSG_NOSIGNAL);
  if (w < 0) return errno == EAGAIN ? -1 : -2;
  s->sent_bytes += w;
  return w;
}

/* Writes control replies, then the source, as far as the socket takes them; returns -2 when the socket failed. */
static int pump(struct conn *c) {
  struct source *s = c->source;
  /* a source packet begun must end before anything else goes out */
  if (s && s->sent_bytes % s->packet_bytes) {
    size_t end = (s->sent_bytes / s->packet_bytes + 1) * s->packet_bytes;
    while (s->sent_bytes < end) {
      long w = source_write(c, end);
      if (w < 0) return (int)w;
    }
  }
  while (c->out_len > 0) {
    ssize_t w = send(c->fd, c->out, c->out_len, MSG_NOSIGNAL);
    if (w < 0) return errno == EAGAIN ? -1 : -2;
    memmove(c->out, c->out + w, c->out_len - w);
    c->out_len -= w;
  }
  if (!s) return 0;
  for (;;) {
    long allowed = s->qos ? s->acks + SOURCE_WINDOW : s->count;
    if (allowed > s->count) allowed = s->count;
    size_t limit = (size_t)allowed * s->packet_bytes;
    if (s->sent_bytes >= limit) return 0;
    long w = source_write(c, limit);
    if (w < 0) return (int)w;
  }
}

static void watch_out(struct conn *c, int on) {
  if (c->want_out == on) return;
  c->want_out = on;
  struct epoll_event ev = {.events = EPOLLIN | (on ? EPOLLOUT : 0), .data.ptr = c};
  epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
}

/* Reads what there is; returns 0 when the connection closed. */
static int on_readable(struct conn *c) {
  for (;;) {
    if (c->cap - c->end < READ_BYTES / 2) {
      c->cap = c->end + READ_BYTES;
      c->in = realloc(c->in, c->cap);
      if (!c->in) exit(1);
    }
    size_t space = c->cap - c->end;
    ssize_t r = recv(c->fd, c->in + c->end, space, 0);
    if (r == 0) return 0;
    if (r < 0) return errno == EAGAIN;
    c->end += r;
    frame(c);
    int p = pump(c); /* this read's PUBACKs in one write, and what they opened of the window */
    if (p == -2) return 0;
    watch_out(c, p == -1);
    if ((size_t)r < space) return 1; /* the socket is drained for now */
  }
}

int main(void) {
  int listener = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  struct sockaddr_in addr = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK), .sin_port = 0};
  socklen_t addr_len = sizeof addr;
  if (listener < 0 || bind(listener, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(listener, 64) < 0) return 1;
  getsockname(listener, (struct sockaddr *)&addr, &addr_len);
  ep = epoll_create1(0);
  struct epoll_event ev = {.events = EPOLLIN, .data.ptr = NULL};
  epoll_ctl(ep, EPOLL_CTL_ADD, listener, &ev);
  static int stdin_marker;
  struct epoll_event in_ev = {.events = EPOLLIN, .data.ptr = &stdin_marker};
  epoll_ctl(ep, EPOLL_CTL_ADD, 0, &in_ev);
  char line[32];
  int n = snprintf(line, sizeof line, "port %d\n", ntohs(addr.sin_port));
  if (write(1, line, n) < 0) return 1;
  struct epoll_event events[64];
  for (;;) {
    int ready = epoll_wait(ep, events, 64, -1);
    if (ready < 0 && errno != EINTR) return 1;
    for (int i = 0; i < ready; i++) {
      void *ptr = events[i].data.ptr;
      if (ptr == &stdin_marker) {
        char b[64];
        if (read(0, b, sizeof b) <= 0) return 0; /* the bench is done with us */
      } else if (ptr == NULL) {
        int fd;
        while ((fd = accept4(listener, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
          int one = 1;
          setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
          struct conn *c = calloc(1, sizeof *c);
          c->fd = fd;
          struct epoll_event cev = {.events = EPOLLIN, .data.ptr = c};
          epoll_ctl(ep, EPOLL_CTL_ADD, fd, &cev);
        }
      } else {
        struct conn *c = ptr;
        if (events[i].events & (EPOLLERR | EPOLLHUP)) {
          close_conn(c);
          continue;
        }
        if (events[i].events & EPOLLOUT) {
          int p = pump(c);
          if (p == -2) {
            close_conn(c);
            continue;
          }
          watch_out(c, p == -1);
        }
        if ((events[i].events & EPOLLIN) && !on_readable(c)) close_conn(c);
      }
    }
  }
}
