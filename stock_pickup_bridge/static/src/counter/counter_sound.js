import { browser } from "@web/core/browser/browser";

/**
 * Short beeps through the Web Audio API: the clerk hears the verdict without looking.
 * The audio context is created on the first beep (after a user gesture) and reused.
 */
export class CounterSound {
    constructor() {
        this.context = null;
    }

    _getContext() {
        const AudioContextClass = browser.AudioContext || window.webkitAudioContext;
        if (!AudioContextClass) {
            return null;
        }
        if (!this.context) {
            try {
                this.context = new AudioContextClass();
            } catch {
                return null;
            }
        }
        if (this.context.state === "suspended") {
            this.context.resume().catch(() => {});
        }
        return this.context;
    }

    /**
     * @param {"green"|"amber"|"red"} colour
     */
    play(colour) {
        const context = this._getContext();
        if (!context) {
            return;
        }
        const tones = {
            green: [[1320, 0, 0.15]],
            amber: [
                [660, 0, 0.12],
                [880, 0.16, 0.12],
            ],
            red: [
                [220, 0, 0.22],
                [180, 0.28, 0.3],
            ],
        }[colour] || [[440, 0, 0.15]];
        try {
            const start = context.currentTime;
            for (const [frequency, offset, duration] of tones) {
                const oscillator = context.createOscillator();
                const gain = context.createGain();
                oscillator.type = colour === "red" ? "square" : "sine";
                oscillator.frequency.value = frequency;
                gain.gain.setValueAtTime(0.0001, start + offset);
                gain.gain.exponentialRampToValueAtTime(0.25, start + offset + 0.01);
                gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + duration);
                oscillator.connect(gain);
                gain.connect(context.destination);
                oscillator.start(start + offset);
                oscillator.stop(start + offset + duration + 0.02);
            }
        } catch {
            // Sound is a convenience: a browser refusing it must not break the counter.
        }
    }
}
