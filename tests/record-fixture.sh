#!/bin/sh
# Records a /proc fixture tree from live processes.
