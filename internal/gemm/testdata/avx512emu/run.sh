#!/usr/bin/env bash
# Runs the internal/gemm tests on an emulated AVX-512 CPU (Bochs, Skylake-X)
# so that the avx512 micro-kernels execute on machines without AVX-512.
# See README.md. Environment:
#   FULL=1     run every test, skipping only the non-avx512 TestSgemm
#              subtests (about 21 min); default: the avx512 TestSgemm
#              subtests only (about 4 min)
#   GEMMFLAGS  comma-separated gemm.test flags; overrides FULL
#   TIMEOUT    seconds bochs may run (default 2400)
#   WORKDIR    build/boot directory (default: a new temp dir, kept)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../../.." && pwd)
if [[ ${FULL:-} == 1 ]]; then
	GEMMFLAGS=${GEMMFLAGS:-'-test.skip=^TestSgemm$/^(generic|avx2|avx2x12)/'}
else
	GEMMFLAGS=${GEMMFLAGS:-'-test.run=^TestSgemm$/^avx512/'}
fi
TIMEOUT=${TIMEOUT:-2400}
work=${WORKDIR:-$(mktemp -d /tmp/avx512emu.XXXXXX)}
mkdir -p "$work"
echo "avx512emu: work dir $work"

pkgs=(bochs bochsbios vgabios isolinux syslinux-common xorriso cpio)
missing=()
for p in "${pkgs[@]}"; do
	dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if ((${#missing[@]})); then
	echo "avx512emu: installing ${missing[*]}"
	apt-get install -y "${missing[@]}" >/dev/null
fi

# Kernel: newest Debian 6.1 cloud kernel, extracted only (never installed).
cd "$work"
if [[ ! -f vmlinuz ]]; then
	kpkg=$(apt-cache search --names-only '^linux-image-6\.1\.0-[0-9]+-cloud-amd64$' |
		awk '{print $1}' | sort -V | tail -1)
	[[ -n $kpkg ]] || { echo "avx512emu: no linux-image-6.1 cloud kernel in apt" >&2; exit 1; }
	apt-get download "$kpkg" >/dev/null 2>&1
	dpkg-deb -x "$kpkg"_*.deb kpkg
	cp kpkg/boot/vmlinuz-* vmlinuz
	rm -rf kpkg "$kpkg"_*.deb
fi

# Initramfs: static /init and /gemm.test.
rm -rf root iso && mkdir -p root iso/isolinux
(cd "$repo" &&
	CGO_ENABLED=0 go build -o "$work/root/init" ./internal/gemm/testdata/avx512emu/init &&
	CGO_ENABLED=0 go test -c -o "$work/root/gemm.test" ./internal/gemm)
(cd root && printf 'init\ngemm.test\n' | cpio -o -H newc --quiet | gzip -1 >../iso/initrd.gz)

# Bootable ISO. clearcpuid=xsaves,xsavec: Bochs 2.7 reports the standard
# XSAVE size in CPUID(0xD,1).EBX, so Linux rejects the compacted format
# and disables XSAVE (and with it AVX/AVX-512) unless forced to 'standard'.
cp vmlinuz iso/vmlinuz
cp /usr/lib/ISOLINUX/isolinux.bin /usr/lib/syslinux/modules/bios/ldlinux.c32 iso/isolinux/
cat >iso/isolinux/isolinux.cfg <<CFG
DEFAULT linux
PROMPT 0
TIMEOUT 0
LABEL linux
  KERNEL /vmlinuz
  INITRD /initrd.gz
  APPEND console=ttyS0 quiet mitigations=off clearcpuid=xsaves,xsavec gemmflags=$GEMMFLAGS
CFG
xorriso -as mkisofs -quiet -o boot.iso -b isolinux/isolinux.bin -c isolinux/boot.cat \
	-no-emul-boot -boot-load-size 4 -boot-info-table iso 2>/dev/null

# Boot. The Debian build has the debugger compiled in: "c" starts it.
cp "$here/bochsrc" bochsrc
rm -f serial.log bochs.log
start=$SECONDS
echo c | timeout "$TIMEOUT" bochs -q -f bochsrc >bochs.out 2>&1 || true
echo "avx512emu: bochs ran $((SECONDS - start))s"
tr -d '\r' <serial.log >serial.txt
cat serial.txt

ok=1
grep -q '^avx512emu: gemm.Kernel() = avx512$' serial.txt || { echo "avx512emu: avx512 kernel not selected" >&2; ok=0; }
grep -q '^PASS$' serial.txt || { echo "avx512emu: no final PASS" >&2; ok=0; }
grep -q -- '--- FAIL' serial.txt && { echo "avx512emu: failures" >&2; ok=0; }
grep -q 'gemm.test finished in .*, err=<nil>$' serial.txt || { echo "avx512emu: gemm.test did not finish cleanly" >&2; ok=0; }
((ok)) && echo "avx512emu: OK"
((ok))
