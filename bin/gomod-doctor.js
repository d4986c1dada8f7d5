#!/usr/bin/env node
import "../dist/bundle/gomod-doctor.js";
