# libzx: static and shared library, version script, pkg-config file.
# Included from the top Makefile.

LIBZX_MAJOR := 0
LIBZX_VERSION := 0.1.0
LIBZX_SRCS := $(wildcard libzx/*.c)
LIBZX_HDRS := $(wildcard libzx/*.h libzx/include/*.h libzx/include/zircon/*.h \
	libzx/include/zircon/syscalls/*.h uapi/linux/*.h)
LIBZX_OBJS := $(patsubst libzx/%.c,$(BUILD)/libzx/%.o,$(LIBZX_SRCS))
LIBZX_A := $(BUILD)/libzx/libzx.a
LIBZX_SO := $(BUILD)/libzx/libzx.so.$(LIBZX_VERSION)
LIBZX_PC := $(BUILD)/libzx/libzx.pc

libzx: $(LIBZX_A) $(LIBZX_SO) $(LIBZX_PC)

$(BUILD)/libzx/%.o: libzx/%.c $(LIBZX_HDRS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(ZX_CFLAGS) -fPIC -fvisibility=default -c -o $@ $<

$(LIBZX_A): $(LIBZX_OBJS)
	$(AR) rcs $@ $^

$(LIBZX_SO): $(LIBZX_OBJS) libzx/libzx.map
	$(CC) $(CFLAGS) -shared -Wl,-soname,libzx.so.$(LIBZX_MAJOR) \
		-Wl,--version-script=libzx/libzx.map -Wl,-z,defs -o $@ $(LIBZX_OBJS)
	ln -sf libzx.so.$(LIBZX_VERSION) $(BUILD)/libzx/libzx.so.$(LIBZX_MAJOR)
	ln -sf libzx.so.$(LIBZX_MAJOR) $(BUILD)/libzx/libzx.so

$(LIBZX_PC): libzx/libzx.pc.in FORCE
	@mkdir -p $(@D)
	@sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
		-e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' -e 's|@VERSION@|$(LIBZX_VERSION)|' $< >$@.tmp
	@cmp -s $@.tmp $@ && rm $@.tmp || mv $@.tmp $@

install: libzx
	install -d $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(INCLUDEDIR)/zircon/syscalls \
		$(DESTDIR)$(INCLUDEDIR)/linux
	install -m 644 $(LIBZX_A) $(DESTDIR)$(LIBDIR)/
	install -m 755 $(LIBZX_SO) $(DESTDIR)$(LIBDIR)/
	ln -sf libzx.so.$(LIBZX_VERSION) $(DESTDIR)$(LIBDIR)/libzx.so.$(LIBZX_MAJOR)
	ln -sf libzx.so.$(LIBZX_MAJOR) $(DESTDIR)$(LIBDIR)/libzx.so
	install -m 644 $(LIBZX_PC) $(DESTDIR)$(LIBDIR)/pkgconfig/
	install -m 644 libzx/include/zxp.h $(DESTDIR)$(INCLUDEDIR)/
	install -m 644 libzx/include/zircon/*.h $(DESTDIR)$(INCLUDEDIR)/zircon/
	install -m 644 libzx/include/zircon/syscalls/*.h $(DESTDIR)$(INCLUDEDIR)/zircon/syscalls/
	install -m 644 uapi/linux/zxpager.h uapi/linux/zxpager_genl.h $(DESTDIR)$(INCLUDEDIR)/linux/
