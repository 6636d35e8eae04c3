package layers

import (
	"strings"
	"testing"
)

// Published FarmHash Fingerprint64 values (the ones Guava's and other
// ports' test suites check), covering every length branch.
func TestFarmFingerprint64(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want uint64
	}{
		{"", 11160318154034397263},
		{"Q", 13816109650407654260},
		{",=", 1326014594494455617},
		{"WW5", 6316074107149058620},
		{"e#p8", 252499459662674074},
		{"test", 8581389452482819506},
		{")D<l91", 6440615040757739207},
		{"#cDR^sLO", 328147020574120176},
		{"K6Pjv<>ad", 16506019169567922731},
		{"?c^6BkI#-SLw", 13133570674398037786},
		{"bF&d$MYIhB.Ac=qC", 17582099205024456557},
		{"M)(iJ1-nf>5XCc0L?", 9968500208262240300},
		{"wE,gHSvhK Jv=KR#(R |!%vctTJ0fx)", 413905253809041649},
		{strings.Repeat("test", 8), 14250503356343785354}, // -4196240717365766262 as uint64
		{"2/?98ns)xbzEVL^:wCS$7l3@_g!zP^<D.-bd6", 9728733090894310797},
		{"F7479877-4690-4A44-AFC9-8FE987EA512F:some_other_id", 6862335115798125349},
		{"0376d8dc-a717-425a-9dd2-d4b36bcaddac:65d52a5d-4f88-4a78-97c9-08464d44bbb6", 14340110469024474010},
		{strings.Repeat("test", 64), 3500507768004279527},
	} {
		if got := farmFingerprint64([]byte(tc.in)); got != tc.want {
			t.Errorf("Fingerprint64(%q) (len %d) = %d, want %d", tc.in, len(tc.in), got, tc.want)
		}
	}
}

// The multiple-lengths self-check of Guava's FarmHashFingerprint64Test.
func TestFarmFingerprint64Lengths(t *testing.T) {
	const iters = 800
	buf := make([]byte, iters*4)
	n := 0
	var h uint64
	remix := func(h uint64) uint64 { h ^= h >> 41; return h * 949921979 }
	char := func(h uint64) byte { return 'a' + byte((h&0xfffff)%26) }
	for i := range iters {
		for _, l := range []int{i, -1, -2, -3} {
			switch l {
			case -1:
				l = i * i % n
			case -2:
				l = i * i * i % n
			case -3:
				l = n
			}
			h ^= farmFingerprint64(buf[:l])
			h = remix(h)
			buf[n] = char(h)
			n++
		}
		x0, x1, x2, x3 := int(buf[n-1]), int(buf[n-2]), int(buf[n-3]), int(buf[n/2])
		buf[((x0<<16)+(x1<<8)+x2)%n] ^= byte(x3)
		buf[((x1<<16)+(x2<<8)+x3)%n] ^= byte(i % 256)
	}
	if h != 0x7a1d67c50ec7e167 {
		t.Errorf("combined hash = %#x, want 0x7a1d67c50ec7e167", h)
	}
}

// SipHash-2-4 vectors of the reference implementation: key 00..0f, message
// 00..(n-1).
func TestSipHash24(t *testing.T) {
	k0, k1 := uint64(0x0706050403020100), uint64(0x0f0e0d0c0b0a0908)
	msg := make([]byte, 64)
	for i := range msg {
		msg[i] = byte(i)
	}
	for _, tc := range []struct {
		n    int
		want uint64
	}{
		{0, 0x726fdb47dd0e0e31},
		{1, 0x74f839c593dc67fd},
		{15, 0xa129ca6149be45e5},
	} {
		if got := sipHash24(k0, k1, msg[:tc.n]); got != tc.want {
			t.Errorf("SipHash-2-4(%d bytes) = %#x, want %#x", tc.n, got, tc.want)
		}
	}
}
