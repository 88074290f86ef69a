import { Component, useEffect, useRef } from "@odoo/owl";
import { browser } from "@web/core/browser/browser";

/**
 * A signature pad: the collector signs with a finger, a pen or the mouse.
 * Calls ``onChange`` with the PNG (base64, without the data: prefix) after each stroke,
 * and with an empty string when cleared.
 */
export class PickupSignaturePad extends Component {
    static template = "stock_pickup_bridge.PickupSignaturePad";
    static props = {
        onChange: Function,
        signed: { type: Boolean, optional: true },
    };

    setup() {
        this.canvasRef = useRef("canvas");
        this.drawing = false;
        this.lastPoint = null;
        useEffect(
            (canvas) => {
                if (canvas) {
                    this._resize(canvas);
                }
            },
            () => [this.canvasRef.el]
        );
    }

    _resize(canvas) {
        const ratio = browser.devicePixelRatio || 1;
        const rect = canvas.getBoundingClientRect();
        canvas.width = Math.max(1, Math.round(rect.width * ratio));
        canvas.height = Math.max(1, Math.round(rect.height * ratio));
        const ctx = canvas.getContext("2d");
        ctx.fillStyle = "#fff";
        ctx.fillRect(0, 0, canvas.width, canvas.height);
    }

    /**
     * Pointer position in canvas pixels. The bitmap keeps the size it got when mounted,
     * so the pad keeps working (stretched) when the screen is rotated or resized.
     */
    _point(ev) {
        const canvas = this.canvasRef.el;
        const rect = canvas.getBoundingClientRect();
        const scale = rect.width ? canvas.width / rect.width : 1;
        return {
            x: (ev.clientX - rect.left) * scale,
            y: (ev.clientY - rect.top) * (rect.height ? canvas.height / rect.height : 1),
            scale,
        };
    }

    _context(scale) {
        const ctx = this.canvasRef.el.getContext("2d");
        ctx.lineCap = "round";
        ctx.lineJoin = "round";
        ctx.lineWidth = 2.5 * scale;
        ctx.strokeStyle = "#111";
        ctx.fillStyle = "#111";
        return ctx;
    }

    onPointerDown(ev) {
        ev.preventDefault();
        try {
            this.canvasRef.el.setPointerCapture(ev.pointerId);
        } catch {
            // Synthetic or already released pointers cannot be captured: draw anyway.
        }
        this.drawing = true;
        this.lastPoint = this._point(ev);
        const ctx = this._context(this.lastPoint.scale);
        ctx.beginPath();
        ctx.arc(this.lastPoint.x, this.lastPoint.y, 1.25 * this.lastPoint.scale, 0, 2 * Math.PI);
        ctx.fill();
    }

    onPointerMove(ev) {
        if (!this.drawing) {
            return;
        }
        ev.preventDefault();
        const point = this._point(ev);
        const ctx = this._context(point.scale);
        ctx.beginPath();
        ctx.moveTo(this.lastPoint.x, this.lastPoint.y);
        ctx.lineTo(point.x, point.y);
        ctx.stroke();
        this.lastPoint = point;
    }

    onPointerUp() {
        if (!this.drawing) {
            return;
        }
        this.drawing = false;
        this.lastPoint = null;
        this.props.onChange(this.canvasRef.el.toDataURL("image/png").split(",")[1]);
    }

    clear() {
        this._resize(this.canvasRef.el);
        this.props.onChange("");
    }
}

