/**
 * Data: the x86 feature names libvirt spells differently from QEMU, as
 * [libvirt, QEMU] pairs. libvirt renames these when it writes `-cpu` and when
 * it reads QEMU's expansions back; every other name is the same in both.
 *
 * Origin: libvirt's feature translation table for x86
 * (`virQEMUCapsCPUFeaturesX86`, src/qemu/qemu_capabilities.c of
 * github.com/libvirt/libvirt; the same eleven pairs from libvirt 6.x to 11.x).
 */
export const LIBVIRT_X86_NAMES: readonly (readonly [libvirt: string, qemu: string])[] = [
  ['cmp_legacy', 'cmp-legacy'],
  ['ds_cpl', 'ds-cpl'],
  ['fxsr_opt', 'fxsr-opt'],
  ['kvm_pv_eoi', 'kvm-pv-eoi'],
  ['kvm_pv_unhalt', 'kvm-pv-unhalt'],
  ['lahf_lm', 'lahf-lm'],
  ['nodeid_msr', 'nodeid-msr'],
  ['pclmuldq', 'pclmulqdq'],
  ['perfctr_core', 'perfctr-core'],
  ['perfctr_nb', 'perfctr-nb'],
  ['tsc_adjust', 'tsc-adjust'],
];
