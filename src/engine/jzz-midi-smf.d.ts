declare module 'jzz-midi-smf' {
  /** Adds `JZZ.MIDI.SMF` to the JZZ object it is given (the package ships no types). */
  const install: (jzz: unknown) => void;
  export default install;
}
